export {
  parseNvidiaSmi,
  readGpuInventory,
  GpuInventoryParseError,
  NVIDIA_SMI_ARGS,
  type Gpu,
  type GpuInventory,
  type ReadGpuInventoryOptions,
} from './inventory.js';
export { describeGpuRequest, type GpuRequest } from './request.js';
export { parseComputeApps, readComputeApps, NVIDIA_SMI_APPS_ARGS, type GpuComputeApp } from './compute-apps.js';
export { NvidiaSmi, type GpuSource, type NvidiaSmiOptions } from './source.js';
export { GpuHost, driverLibraries, CONTROL_NODES, type GpuDeviceNode, type GpuHostOptions } from './host.js';
export { findCdiDevices, CDI_SPEC_DIRS } from './cdi.js';
export { GpuAllocator, type AssignedGpu, type GpuAssignment, type GpuAttachment, type GpuPlan } from './allocator.js';
