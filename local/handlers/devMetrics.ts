/**
 * GET /api/dev/metrics: the operational metrics counted in this process (issue 16), the same
 * names and dimensions the deployed functions publish as CloudWatch EMF. Local mode only.
 */
import { json } from '../../functions/http/responses.js';
import { METRIC_NAMES, metricsSeen } from '../../functions/metrics/operationalMetrics.js';

export const handler = async () => json(200, { namespace: 'Carecast', names: METRIC_NAMES, metrics: metricsSeen() });
