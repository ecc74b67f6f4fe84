/** JSON's structural bytes and the pretty layout's, as the byte scanners compare them. */
export const QUOTE = 0x22
export const BACKSLASH = 0x5c
export const OPEN_BRACE = 0x7b
export const CLOSE_BRACE = 0x7d
export const OPEN_BRACKET = 0x5b
export const CLOSE_BRACKET = 0x5d
export const COMMA = 0x2c
export const COLON = 0x3a
export const NEWLINE = 0x0a
export const SPACE = 0x20
