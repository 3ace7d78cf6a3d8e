// client.ip-vs-name: the same Connection Request by name and to each resolved address.
import { layerEvidence, probeCheck } from '../../../../probe/check-support';

export const check = probeCheck({
  id: 'client.ip-vs-name',
  layer: 'network',
  rank: 30,
  title: 'By name versus by IP address',
  reads: 'A Connection Request by name and one to each resolved address',
  passWhen: 'Both behave alike',
  source: '002',
  probeLayers: ['ip-vs-name'],
  evidence: ({ layers: { ipVsName } }) =>
    ipVsName?.compared
      ? layerEvidence('probe.ip-vs-name', [
          ['By name', ipVsName.byName ? `${ipVsName.byName.summary} (${ipVsName.byName.ms} ms)` : null],
          ...ipVsName.byIp.map((r): [string, string] => [`By IP ${r.address}`, `${r.summary} (${r.ms} ms)`]),
        ])
      : [],
});
