/**
 * Version 1 of the preset dictionary bodies are deflated with (zlib's `dictionary` option): the text every
 * Alertmanager webhook (v4) repeats — its field names and fixed values, the usual label and annotation
 * names, the common Kubernetes/Prometheus label values and the escapes of a Prometheus graph link — so a
 * small body does not spend its first ~250 bytes spelling them. A single-alert notification (~2 KB)
 * deflates to ~640 B with it instead of ~900 B: six rows to a 4 KB page instead of four. Nothing in it is
 * needed to read a body correctly; it only makes bodies that use these words smaller. Deflate prefers what
 * is near the end, so the webhook's own skeleton comes last. Stored bodies name the version they were
 * deflated with: NEVER edit this text; add a version 2 beside it instead.
 */
export const bodyDictionaryV1 = Buffer.from(
  [
    '"job":"kube-state-metrics"',
    '"job":"kubelet"',
    '"job":"node-exporter"',
    '"namespace":"kube-system"',
    '"namespace":"monitoring"',
    '"persistentvolumeclaim":"',
    '"deployment":"',
    '"statefulset":"',
    '"node":"',
    '"endpoint":"http-metrics"',
    '"prometheus":"monitoring/k8s"',
    'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/',
    'https://grafana.',
    'https://prometheus.',
    'https://alertmanager.',
    '%7Bjob%3D%22',
    '%22%2Cnamespace%3D%22',
    '%22%7D',
    '+%3E+0',
    '+%3C+0.',
    '%5B5m%5D%29',
    'kube_',
    'container_',
    'node_',
    '"severity":"critical"',
    '"severity":"warning"',
    '"instance":"',
    '"namespace":"',
    '"job":"',
    '"cluster":"',
    '"container":"',
    '"pod":"',
    '"service":"',
    '"team":"',
    '"runbook_url":"https://',
    '"description":"',
    '"summary":"',
    '/graph?g0.expr=',
    '&g0.tab=1"',
    '%7B%7D%22%2C%3D%28%29',
    '{"receiver":"',
    '","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"',
    '"},"annotations":{"description":"',
    '"},"startsAt":"20',
    'Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http',
    '","fingerprint":"',
    '"}],"groupLabels":{"alertname":"',
    '"},"commonLabels":{"alertname":"',
    '"},"commonAnnotations":{"description":"',
    '"},"externalURL":"http',
    '","version":"4","groupKey":"{}:{alertname=\\"',
    '\\"}","truncatedAlerts":0}\n',
  ].join(''),
  'utf8',
);
