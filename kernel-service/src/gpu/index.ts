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
