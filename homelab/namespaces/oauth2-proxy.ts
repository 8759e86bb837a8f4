import { Construct } from 'constructs';
import { INGRESS_NGINX } from '../cluster';
import { Port, ProtectedNamespace } from '../../constructs';

/**
 * oauth2-proxy: GitHub login in front of the homelab's web UIs (chart oauth2-proxy 10.7.0,
 * imcbeth/homelab manifests/applications/oauth2-proxy.yaml and manifests/base/oauth2-proxy/values.yaml).
 * It only validates sessions (`upstream: static://202`), so it proxies no traffic onward: ingress-nginx
 * calls it, it calls GitHub, and that is all. Sessions live in the cookie (no sessionStorage.redis),
 * so there is no Redis to reach.
 */
export class Oauth2Proxy extends ProtectedNamespace {
  constructor(scope: Construct) {
    super(scope, 'oauth2-proxy', {
      // metrics.enabled with a ServiceMonitor: the chart adds --metrics-address=0.0.0.0:44180.
      prometheusScrapePorts: [Port.tcp(44180)],
      // The controller forwards both the login pages (Ingress oauth.k8s.n37.ca) and the auth subrequests
      // of the protected Ingresses to the proxy's http port (--http-address 0.0.0.0:4180). A subrequest
      // sent to the public hostname still arrives from the controller, after it resolves the Ingress.
      ingressFrom: [{ from: INGRESS_NGINX, ports: [Port.tcp(4180)] }],
      // provider: github with github-user: the token exchange at github.com and the user lookup at
      // api.github.com, both over HTTPS. The API server is not needed: the proxy reads no Kubernetes objects.
      externalHttps: true,
    });
  }
}
