// Imported first by the *-dnnl tests: every convolution of the process runs on oneDNN
// (SHARPNESS_LAB_CONV=dnnl). Where oneDNN does not load, the tests run on the default path and say
// so; under CI that is a failure (setup installs libdnnl2).
import { loadDnnl } from '../../../src/backend/dnnl/dnnl-library';

const dnnl = loadDnnl(1);
if (typeof dnnl === 'string') {
  if (process.env.CI) throw new Error(`CI must run the oneDNN convolutions: ${dnnl}`);
  console.log(`# oneDNN unavailable, running on the default convolutions: ${dnnl}`);
} else {
  process.env.SHARPNESS_LAB_CONV = 'dnnl';
}
