/**
 * Go's `sort.Slice`, step for step (istioctl's proxy-config never uses `sort.SliceStable`).
 *
 * istioctl sorts with comparators that are not strict weak orders (route configs
 * compare only when both names are numbers) and leaves ties to the algorithm, so
 * its output depends on exactly which elements Go's sort compares and swaps.
 * Matching it byte for byte means running the same algorithm: since Go 1.19,
 * `sort.Slice` is pattern-defeating quicksort (insertion sort up to 12 elements,
 * deterministic pattern breaking, heapsort fallback).
 *
 * `less` gets elements rather than Go's indexes; it is asked about the same pairs
 * in the same order as Go asks.
 */

export type Less<T> = (a: T, b: T) => boolean

/** Sorts `items` in place as Go's `sort.Slice` would, and returns it. */
export function sortSlice<T>(items: T[], less: Less<T>): T[] {
  pdqsort(new Sorter(items, less), 0, items.length, bitLength(items.length))
  return items
}

/** Go's `lessSwap`: comparisons and swaps by position. */
class Sorter<T> {
  constructor(
    private readonly items: T[],
    private readonly lessThan: Less<T>,
  ) {}

  less(i: number, j: number): boolean {
    return this.lessThan(this.items[i], this.items[j])
  }

  swap(i: number, j: number): void {
    const t = this.items[i]
    this.items[i] = this.items[j]
    this.items[j] = t
  }
}

/** Go's `bits.Len`: how many bits `n` needs (0 for 0). */
function bitLength(n: number): number {
  return 32 - Math.clz32(n)
}

/** What the pivot choice saw: already ascending, descending, or neither. */
type Hint = 'unknown' | 'increasing' | 'decreasing'

const MAX_INSERTION = 12

function insertionSort<T>(data: Sorter<T>, a: number, b: number): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && data.less(j, j - 1); j--) data.swap(j, j - 1)
  }
}

/** Restores the heap property of data[first+lo .. first+hi) from `lo` down. */
function siftDown<T>(data: Sorter<T>, lo: number, hi: number, first: number): void {
  let root = lo
  for (;;) {
    let child = 2 * root + 1
    if (child >= hi) return
    if (child + 1 < hi && data.less(first + child, first + child + 1)) child++
    if (!data.less(first + root, first + child)) return
    data.swap(first + root, first + child)
    root = child
  }
}

function heapSort<T>(data: Sorter<T>, a: number, b: number): void {
  const first = a
  const hi = b - a
  for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) siftDown(data, i, hi, first)
  for (let i = hi - 1; i >= 0; i--) {
    data.swap(first, first + i)
    siftDown(data, 0, i, first)
  }
}

/** `limit` is how many badly balanced partitions are tolerated before heapsort takes over. */
function pdqsort<T>(data: Sorter<T>, a: number, b: number, limit: number): void {
  let wasBalanced = true
  let wasPartitioned = true
  for (;;) {
    const length = b - a
    if (length <= MAX_INSERTION) {
      insertionSort(data, a, b)
      return
    }
    if (limit === 0) {
      heapSort(data, a, b)
      return
    }
    if (!wasBalanced) {
      breakPatterns(data, a, b)
      limit--
    }

    let [pivot, hint] = choosePivot(data, a, b)
    if (hint === 'decreasing') {
      reverseRange(data, a, b)
      pivot = b - 1 - (pivot - a)
      hint = 'increasing'
    }
    if (wasBalanced && wasPartitioned && hint === 'increasing' && partialInsertionSort(data, a, b)) return

    // Nothing in data[a:b] is below the element just before it: split off the run equal to the pivot.
    if (a > 0 && !data.less(a - 1, pivot)) {
      a = partitionEqual(data, a, b, pivot)
      continue
    }

    const [mid, alreadyPartitioned] = partition(data, a, b, pivot)
    wasPartitioned = alreadyPartitioned
    const leftLen = mid - a
    const rightLen = b - mid
    const balanceThreshold = Math.trunc(length / 8)
    if (leftLen < rightLen) {
      wasBalanced = leftLen >= balanceThreshold
      pdqsort(data, a, mid, limit)
      a = mid + 1
    } else {
      wasBalanced = rightLen >= balanceThreshold
      pdqsort(data, mid + 1, b, limit)
      b = mid
    }
  }
}

/** Elements below the pivot to its left, the rest to its right; also says whether nothing had to move. */
function partition<T>(data: Sorter<T>, a: number, b: number, pivot: number): [number, boolean] {
  data.swap(a, pivot)
  let i = a + 1
  let j = b - 1
  while (i <= j && data.less(i, a)) i++
  while (i <= j && !data.less(j, a)) j--
  if (i > j) {
    data.swap(j, a)
    return [j, true]
  }
  data.swap(i, j)
  i++
  j--
  for (;;) {
    while (i <= j && data.less(i, a)) i++
    while (i <= j && !data.less(j, a)) j--
    if (i > j) break
    data.swap(i, j)
    i++
    j--
  }
  data.swap(j, a)
  return [j, false]
}

/** Elements equal to the pivot first, then greater ones; returns where the greater ones start. */
function partitionEqual<T>(data: Sorter<T>, a: number, b: number, pivot: number): number {
  data.swap(a, pivot)
  let i = a + 1
  let j = b - 1
  for (;;) {
    while (i <= j && !data.less(a, i)) i++
    while (i <= j && data.less(a, j)) j--
    if (i > j) break
    data.swap(i, j)
    i++
    j--
  }
  return i
}

/** Fixes up to five out-of-order neighbours; true when data[a:b] ends up sorted. */
function partialInsertionSort<T>(data: Sorter<T>, a: number, b: number): boolean {
  const maxSteps = 5
  const shortestShifting = 50
  let i = a + 1
  for (let step = 0; step < maxSteps; step++) {
    while (i < b && !data.less(i, i - 1)) i++
    if (i === b) return true
    if (b - a < shortestShifting) return false
    data.swap(i, i - 1)
    if (i - a >= 2) {
      // Go bounds this walk by 1, not by a; kept so the same pairs are compared.
      for (let j = i - 1; j >= 1; j--) {
        if (!data.less(j, j - 1)) break
        data.swap(j, j - 1)
      }
    }
    if (b - i >= 2) {
      for (let j = i + 1; j < b; j++) {
        if (!data.less(j, j - 1)) break
        data.swap(j, j - 1)
      }
    }
  }
  return false
}

const MASK64 = (1n << 64n) - 1n

/**
 * Swaps three middle elements with pseudo-random others. Go seeds its xorshift with
 * the length, so the "random" choice is the same on every run. The shifts are
 * current Go's 64-bit triple (13, 7, 17); Go 1.19 to 1.23 used (13, 17, 5), see
 * golang/go#70144.
 */
function breakPatterns<T>(data: Sorter<T>, a: number, b: number): void {
  const length = b - a
  if (length < 8) return
  let random = BigInt(length)
  const mask = BigInt(2 ** bitLength(length) - 1)
  const mid = a + Math.trunc(length / 4) * 2
  for (let idx = mid - 1; idx <= mid + 1; idx++) {
    random ^= (random << 13n) & MASK64
    random ^= random >> 7n
    random ^= (random << 17n) & MASK64
    let other = Number(random & mask)
    if (other >= length) other -= length
    data.swap(idx, a + other)
  }
}

/** Median of three (of three medians from 50 elements on); the swap count hints at sorted input. */
function choosePivot<T>(data: Sorter<T>, a: number, b: number): [number, Hint] {
  const shortestNinther = 50
  const maxSwaps = 4 * 3
  const l = b - a
  const swaps = {count: 0}
  const quarter = Math.trunc(l / 4)
  let i = a + quarter
  let j = a + quarter * 2
  let k = a + quarter * 3
  if (l >= 8) {
    if (l >= shortestNinther) {
      i = median(data, i - 1, i, i + 1, swaps)
      j = median(data, j - 1, j, j + 1, swaps)
      k = median(data, k - 1, k, k + 1, swaps)
    }
    j = median(data, i, j, k, swaps)
  }
  if (swaps.count === 0) return [j, 'increasing']
  if (swaps.count === maxSwaps) return [j, 'decreasing']
  return [j, 'unknown']
}

/** The index of the median of three, counting how often a pair was out of order. */
function median<T>(data: Sorter<T>, a: number, b: number, c: number, swaps: {count: number}): number {
  if (data.less(b, a)) {
    swaps.count++
    ;[a, b] = [b, a]
  }
  if (data.less(c, b)) {
    swaps.count++
    ;[b, c] = [c, b]
  }
  if (data.less(b, a)) {
    swaps.count++
    ;[a, b] = [b, a]
  }
  return b
}

function reverseRange<T>(data: Sorter<T>, a: number, b: number): void {
  for (let i = a, j = b - 1; i < j; i++, j--) data.swap(i, j)
}

/**
 * Byte-wise string order, as Go compares strings (uppercase before lowercase),
 * without encoding them: UTF-8 orders as code points do, and so do UTF-16 code
 * units except that a surrogate (half of a code point above U+FFFF) must sort
 * after U+E000..U+FFFF. Sorts call this a few times per element.
 */
export function cmp(a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return codePointRank(x) < codePointRank(y) ? -1 : 1
  }
  return a.length < b.length ? -1 : 1
}

/** A UTF-16 code unit, renumbered so that surrogates come after every other unit. */
function codePointRank(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit
}
