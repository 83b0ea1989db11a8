/**
 * The `.conf` detection rules live with the server so `nats-conf-lint` picks the same files the
 * editor switches to NATS Server Config; the client bundles them from there.
 */
export { DETECTION_SCAN_LIMIT, isNatsConfigFileName, looksLikeNatsConfig } from '../../server/src/confDetection';
