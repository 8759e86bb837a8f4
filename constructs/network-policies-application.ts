import { Chart, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { GITOPS } from '../homelab/cluster';
import { Application } from '../imports/argocd-application-argoproj.io';
import { objectMetadata } from './policy-resource';

/** cdk8s writes each resource as `<Kind>.<name>.k8s.yaml`; anything else in dist/ is not ours. */
export const MANIFEST_INCLUDE = '*.k8s.yaml';

export interface NetworkPoliciesApplicationProps {
  /**
   * The Git repository ArgoCD reads.
   * @default - GITOPS.repoUrl from cluster.ts
   */
  readonly repoUrl?: string;
  /**
   * The repository path of this app's synthesized output.
   * @default - `${GITOPS.appPath}/dist`, with GITOPS from cluster.ts
   */
  readonly path?: string;
}

/**
 * The ArgoCD Application `network-policies` that syncs dist/, as its own chart (folder) in
 * namespace `argocd`.
 *
 * ArgoCD matches `directory.include`/`exclude` with gobwas/glob against the path relative to
 * `source.path`, with no separator, so `*` also crosses `/`. The include keeps only cdk8s's
 * manifests (a `construct-metadata.json` would otherwise be parsed as a manifest) and the exclude
 * drops this chart's own folder, so the Application never syncs, and prunes, itself: an app of
 * apps (or a one-off `kubectl apply`) owns it.
 */
export class NetworkPoliciesApplication extends Chart {
  /** The glob excluding this chart's folder from the sync. */
  public readonly exclude: string;

  constructor(scope: Construct, id: string, props: NetworkPoliciesApplicationProps = {}) {
    super(scope, id, { namespace: 'argocd' });
    // The same name cdk8s gives this chart's folder (FOLDER_PER_CHART_FILE_PER_RESOURCE).
    this.exclude = `${Names.toDnsLabel(this)}/*`;
    new Application(this, 'Resource', {
      metadata: objectMetadata('network-policies'),
      spec: {
        project: 'infrastructure',
        source: {
          repoUrl: props.repoUrl ?? GITOPS.repoUrl,
          targetRevision: 'HEAD',
          path: props.path ?? `${GITOPS.appPath}/dist`,
          directory: { recurse: true, include: MANIFEST_INCLUDE, exclude: this.exclude },
        },
        destination: { server: 'https://kubernetes.default.svc' },
        syncPolicy: {
          // allowEmpty false: a commit with an empty dist/ fails the sync instead of pruning every policy.
          automated: { prune: true, selfHeal: true, allowEmpty: false },
          // The Calico objects (projectcalico.org/v3) are served by the Calico API server, which
          // the tigera-operator Application starts. If it is not serving yet (first install, an
          // upgrade), applying them fails. Without retry, an automated sync that failed is not
          // tried again for the same commit; with it, ArgoCD retries with backoff until the API
          // is there. Same backoff as the homelab's tigera-operator Application.
          retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
        },
      },
    });
  }
}
