export { ResourceStats, type ProcessStats, type ProcessGpuStats, type GpuView } from './collector.js';
export { HostSampler, type HostStats } from './system.js';
export { renderMetrics, Exposition, type MetricsInput } from './metrics.js';
export { readCgroupSample, type CgroupSample } from './cgroup-sample.js';
