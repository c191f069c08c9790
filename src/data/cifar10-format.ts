/**
 * Facts about the official CIFAR-10 binary distribution: record layout, file names, class names,
 * md5 sums and the download location. Everything else in the CIFAR-10 layer reads these.
 */

/** Image side in pixels. */
export const CIFAR10_IMAGE_SIZE = 32;
/** Colour channels (R, G, B), stored as three planes. */
export const CIFAR10_CHANNELS = 3;
/** Pixels per colour plane (32 × 32, row-major). */
export const CIFAR10_PLANE_BYTES = CIFAR10_IMAGE_SIZE * CIFAR10_IMAGE_SIZE;
/** Input features per image: 32 × 32 × 3 = 3072. */
export const CIFAR10_FEATURES = CIFAR10_PLANE_BYTES * CIFAR10_CHANNELS;
/** One record: 1 label byte, then 1024 R, 1024 G, 1024 B bytes = 3073 bytes. */
export const CIFAR10_RECORD_BYTES = 1 + CIFAR10_FEATURES;
/** Number of classes; labels are 0..9. */
export const CIFAR10_CLASSES = 10;
/** Records in every official batch file. */
export const CIFAR10_RECORDS_PER_BATCH = 10000;

/** Class names in label order (the lines of batches.meta.txt). */
export const CIFAR10_CLASS_NAMES: readonly string[] = [
  'airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck',
];

/** The five training batches, in the official order (global index = batch order, then record). */
export const CIFAR10_TRAIN_FILES: readonly string[] = [
  'data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin',
];
/** The official test batch (10000 records). */
export const CIFAR10_TEST_FILE = 'test_batch.bin';
/** A 1000-image prefix of the test batch that some mirrors ship; no md5 is published for it. */
export const CIFAR10_TEST_PREFIX_FILE = 'test_batch_first1000.bin';
/** The folder the official tarball extracts to. */
export const CIFAR10_TARBALL_FOLDER = 'cifar-10-batches-bin';

/** Published md5 sums of the official binary files. */
export const CIFAR10_OFFICIAL_MD5: Readonly<Record<string, string>> = {
  'data_batch_1.bin': '5dd7e06a14cb22eb9f671a540d1b7c25',
  'data_batch_2.bin': '5ea93a67294ea407fff1d09f752e9692',
  'data_batch_3.bin': '942cd6a4bcdd0dd3c604fbe906cb4421',
  'data_batch_4.bin': 'ae636b3ba5c66a11e91e8cb52e771fcb',
  'data_batch_5.bin': '53f37980c15c3d472c316c40844f3f0d',
  'test_batch.bin': '803d5f7f4d78ea53de84dbe85f74fb6d',
};

/** The official binary tarball (about 170 MB). */
export const CIFAR10_TARBALL_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
/** Published md5 of the official binary tarball. */
export const CIFAR10_TARBALL_MD5 = 'c32a1d4ab5d03f1284b67883e8d87530';

/** Environment variables the CIFAR-10 layer reads. */
export const CIFAR10_ENV = {
  /** Folder holding the batch files (or a `cifar-10-batches-bin/` subfolder). */
  dir: 'CIFAR10_DIR',
  /** Tarball URL for downloads (tests point it at 127.0.0.1). */
  url: 'CIFAR10_URL',
  /** `1` to accept files whose md5 does not match the official one. */
  skipMd5: 'CIFAR10_SKIP_MD5',
} as const;
