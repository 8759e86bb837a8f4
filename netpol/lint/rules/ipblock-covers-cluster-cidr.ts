import type { IpBlockPeer, IpInterval } from '../../analyzer';
import { formatInterval, parseCidr, isCidrProblem } from '../../analyzer/ip-blocks';
import { effectiveRules, policyFinding } from '../helpers';
import type { CidrOption, Finding, LintRule } from '../types';

/**
 * ipBlock is meant for addresses outside the cluster. Kubernetes leaves it to the network plugin
 * whether pod traffic matches one; Calico matches the packet's address, which is the pod IP for direct
 * pod traffic, the endpoint after a Service DNAT and possibly a node IP after SNAT. So a block over the
 * pod or Service CIDR admits in-cluster traffic on some paths and not others. The API Service IP as a
 * /32 is left to api-server-service-ip-only: listing it is deliberate.
 */
export const ipblockCoversClusterCidr: LintRule = {
  id: 'ipblock-covers-cluster-cidr',
  severity: 'warning',
  description: 'An ipBlock (after its excepts) overlaps the pod CIDR or the Service CIDR, where ipBlock matching depends on the traffic path.',
  check({ model, options }) {
    const ranges: { name: string; cidr: CidrOption }[] = [
      { name: 'pod CIDR', cidr: options.podCidr },
      { name: 'Service CIDR', cidr: options.serviceCidr },
    ];
    const serviceIp = options.apiServiceIp.address;
    const findings: Finding[] = [];
    for (const policy of model.policies) {
      for (const { rule, path, peerField } of effectiveRules(policy)) {
        (rule.peers ?? []).forEach((peer, index) => {
          if (peer.type !== 'ipBlock' || isServiceIp(peer, serviceIp)) return;
          const overlaps = ranges.map((range) => ({ ...range, overlap: intersect(peer.intervals, range.cidr.interval) })).filter((range) => range.overlap.length > 0);
          if (overlaps.length === 0) return;
          const covered = overlaps.map(({ name, cidr, overlap }) => (sameAs(overlap, cidr.interval) ? `the ${name} ${cidr.text}` : `part of the ${name} ${cidr.text} (${overlap.map(formatInterval).join(', ')})`));
          const block = parseCidr(peer.cidr, { sloppy: true });
          const outer = isCidrProblem(block) || block.family !== 'ipv4' ? undefined : block.interval;
          const exceptable = overlaps.filter(({ cidr }) => outer !== undefined && strictlyInside(cidr.interval, outer));
          const fix =
            exceptable.length === overlaps.length
              ? `Add ${overlaps.map(({ cidr }) => cidr.text).join(' and ')} to its except list and admit pods with namespaceSelector/podSelector peers instead`
              : `This block lies inside the cluster's ranges: admit pods with namespaceSelector/podSelector peers instead, or correct the CIDR`;
          findings.push(
            policyFinding(
              ipblockCoversClusterCidr,
              policy,
              peer.line ?? rule.line,
              `Peer ${path}.${peerField}[${index}] (ipBlock ${peer.cidr}${peer.except.length > 0 ? ` except ${peer.except.join(', ')}` : ''}) covers ${covered.join(' and ')}. ` +
                'ipBlock is meant for addresses outside the cluster; Calico matches it against the pod IP, the endpoint after a Service DNAT or a node IP after SNAT, ' +
                `depending on the path, so whether in-cluster traffic is admitted is unpredictable. ${fix} (if the cluster uses other ranges, set the lint options podCidr and serviceCidr: netpol lint --pod-cidr, --service-cidr).`,
            ),
          );
        });
      }
    }
    return findings;
  },
};

function isServiceIp(peer: IpBlockPeer, address: number): boolean {
  return peer.intervals.length === 1 && peer.intervals[0].start === address && peer.intervals[0].end === address;
}

function intersect(intervals: readonly IpInterval[], range: IpInterval): IpInterval[] {
  const result: IpInterval[] = [];
  for (const interval of intervals) {
    const start = Math.max(interval.start, range.start);
    const end = Math.min(interval.end, range.end);
    if (start <= end) result.push({ start, end });
  }
  return result;
}

function sameAs(overlap: readonly IpInterval[], range: IpInterval): boolean {
  return overlap.length === 1 && overlap[0].start === range.start && overlap[0].end === range.end;
}

function strictlyInside(inner: IpInterval, outer: IpInterval): boolean {
  return outer.start <= inner.start && inner.end <= outer.end && (outer.start !== inner.start || outer.end !== inner.end);
}
