/**
 * What we use of @kubernetes/client-node, named in one place: the build bundles exactly
 * this module (tree-shaken to these names) into dist/kube-client.cjs, which only live
 * commands load. Types are imported from the library directly; they cost nothing at run time.
 */
export {ApiException, AppsV1Api, CoreV1Api, KubeConfig, Observable, PortForward} from '@kubernetes/client-node'
