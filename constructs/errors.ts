import { IConstruct } from 'constructs';

/**
 * Throws an error prefixed with the construct path, the way cdk8s prefixes validation errors,
 * so a failed synth names the namespace and rule to fix.
 */
export function fail(scope: IConstruct, message: string): never {
  return failAt(scope.node.path, message);
}

/** As `fail`, for a construct that cannot be created yet (its id would clash). */
export function failAt(path: string, message: string): never {
  throw new Error(`[${path}] ${message}`);
}
