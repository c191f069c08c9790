// Imported first by the *-dnnl tests: oneDNN runs every matmul and convolution of the process
// (SHARPNESS_LAB_DNNL=on). Where oneDNN does not load, the tests run on the path the automatic
// choice takes and say so; under CI that is a failure (setup installs libdnnl2).
import { loadDnnl } from '../../../src/backend/dnnl/dnnl-library';

const dnnl = loadDnnl(1);
if (typeof dnnl === 'string') {
  if (process.env.CI) throw new Error(`CI must run oneDNN: ${dnnl}`);
  console.log(`# oneDNN unavailable, running without it: ${dnnl}`);
} else {
  process.env.SHARPNESS_LAB_DNNL = 'on';
}
