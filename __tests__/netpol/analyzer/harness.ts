import { stringify } from 'yaml';
import { formatConnections, listConnections, loadManifests, type Model } from '../../../netpol/analyzer';

/** Test-only builders for manifests, so each test states just the objects it is about. */

export function namespace(name: string, labels: Record<string, string> = {}): object {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export interface ContainerPortSpec {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export function deployment(ns: string, name: string, labels: Record<string, string>, ports: ContainerPortSpec[] = []): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: 'example', ports }] } },
    },
  };
}

export function networkPolicy(ns: string, name: string, spec: object): object {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
}

/**
 * Multi-document YAML of `objects`, as a file would hold it. Written with YAML 1.1 quoting, as cdk8s
 * writes it: kubectl reads a plain `y` or `010` the YAML 1.1 way (a boolean, an octal number).
 */
export function yamlOf(objects: readonly object[]): string {
  return objects.map(documentOf).join('---\n');
}

/** Each object's document, written once per test file: many tests share objects (CLUSTER's, for one). */
const documents = new Map<string, string>();
function documentOf(object: object): string {
  const key = JSON.stringify(object);
  let text = documents.get(key);
  if (text === undefined) {
    text = stringify(object, { version: '1.1' });
    documents.set(key, text);
  }
  return text;
}

export function modelOf(objects: readonly object[], file = 'test.yaml'): Model {
  return loadManifests([{ path: file, text: yamlOf(objects) }]);
}

/** The txt listing as lines. */
export function linesOf(objects: readonly object[]): string[] {
  return formatConnections(listConnections(modelOf(objects)), 'txt').split('\n').filter((line) => line !== '');
}

/** The conns text between two peers, or undefined when the listing has no line for the pair. */
export function connsBetween(objects: readonly object[], src: string, dst: string): string | undefined {
  const prefix = `${src} => ${dst} : `;
  return linesOf(objects).find((line) => line.startsWith(prefix))?.slice(prefix.length);
}

/** The message `loadManifests` throws for `objects`, or undefined when it accepts them. */
export function errorOf(objects: readonly object[] | string): string | undefined {
  try {
    if (typeof objects === 'string') loadManifests([{ path: 'test.yaml', text: objects }]);
    else modelOf(objects);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A small cluster most semantic tests share: two namespaces, three workloads. */
export const CLUSTER: readonly object[] = [
  namespace('a', { team: 'x' }),
  namespace('b', { team: 'y' }),
  deployment('a', 'web', { app: 'web', tier: 'front' }, [
    { name: 'http', containerPort: 8080 },
    { name: 'dns', containerPort: 53, protocol: 'UDP' },
  ]),
  deployment('a', 'db', { app: 'db' }),
  deployment('b', 'client', { app: 'client', tier: 'front' }),
];

export const WEB = 'a/web[Deployment]';
export const DB = 'a/db[Deployment]';
export const CLIENT = 'b/client[Deployment]';
export const ANYWHERE = '0.0.0.0-255.255.255.255[External]';
