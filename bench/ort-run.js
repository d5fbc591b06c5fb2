#!/usr/bin/env node
// Runs an ONNX model in onnxruntime (CPU, one thread by default): the
// reference runtime of qat-mlir's e2e tests and benchmarks. Mirrors qat-run
// (one run that writes the outputs, then the --warmup and --repeat runs):
//
//   node bench/ort-run.js model.onnx --input x.npy [--input y.pb ...] --output-dir DIR
//                         [--warmup K] [--repeat N] [--threads T] [--graph-opt LEVEL]
//
// Inputs (.npy, or ONNX TensorProto .pb) bind to the graph inputs in order.
// Inputs are given in the graph's input order, or as --input name=file.
// Writes DIR/output_<i>.npy for every graph output. With --repeat N it runs
// the model K more times untimed (--warmup, default 0), then N timed times,
// and prints
//   latency: min X ms, median Y ms over N runs
// --graph-opt is onnxruntime's graph optimization level (disabled, basic,
// extended, all; default all). At 'all' it fuses QDQ groups into integer
// kernels (QLinearConv, ...), which round differently from the float QDQ
// graph; 'basic' keeps the QDQ arithmetic as written.
// --profile PREFIX turns on onnxruntime's session profiling and writes its
// JSON (every node's kernel time per run) to PREFIX_<date>.json, printing
//   profile: <file>
// (bench/profile.py lays it beside qat-run --profile).
// Any error prints one line on stderr and exits with status 1.
'use strict';

const fs = require('fs');
const path = require('path');

function fail(msg) {
  process.stderr.write(`ort-run: ${msg}\n`);
  process.exit(1);
}

// ---------------------------------------------------------------- dtypes
// name: onnxruntime tensor type; npy: descriptor (little-endian); onnx:
// TensorProto.DataType; array: typed array constructor.
const DTYPES = [
  { name: 'float32', npy: '<f4', onnx: 1, array: Float32Array },
  { name: 'uint8', npy: '|u1', onnx: 2, array: Uint8Array },
  { name: 'int8', npy: '|i1', onnx: 3, array: Int8Array },
  { name: 'uint16', npy: '<u2', onnx: 4, array: Uint16Array },
  { name: 'int16', npy: '<i2', onnx: 5, array: Int16Array },
  { name: 'int32', npy: '<i4', onnx: 6, array: Int32Array },
  { name: 'int64', npy: '<i8', onnx: 7, array: BigInt64Array },
  { name: 'bool', npy: '|b1', onnx: 9, array: Uint8Array },
  { name: 'float64', npy: '<f8', onnx: 11, array: Float64Array },
  { name: 'uint32', npy: '<u4', onnx: 12, array: Uint32Array },
  { name: 'uint64', npy: '<u8', onnx: 13, array: BigUint64Array },
];
const byNpy = new Map();
for (const d of DTYPES) {
  byNpy.set(d.npy, d);
  if (d.npy[0] === '<') byNpy.set('=' + d.npy.slice(1), d);
  if (d.npy[0] === '|') byNpy.set('<' + d.npy.slice(1), d).set('=' + d.npy.slice(1), d);
}
const byName = new Map(DTYPES.map((d) => [d.name, d]));
const byOnnx = new Map(DTYPES.map((d) => [d.onnx, d]));

// Copies bytes into a fresh, aligned typed array.
function typedFromBytes(dtype, bytes, count, where) {
  const elt = dtype.array.BYTES_PER_ELEMENT;
  if (bytes.length !== count * elt)
    fail(`${where}: ${bytes.length} data bytes, expected ${count * elt} (${count} x ${dtype.name})`);
  const out = new dtype.array(count);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

const product = (shape) => shape.reduce((a, b) => a * b, 1);

// ---------------------------------------------------------------- .npy
function readNpy(file) {
  const buf = fs.readFileSync(file);
  if (buf.length < 10 || buf.toString('latin1', 0, 6) !== '\x93NUMPY')
    fail(`${file}: not a .npy file (bad magic)`);
  const major = buf[6];
  let headerLen, offset;
  if (major === 1) { headerLen = buf.readUInt16LE(8); offset = 10; }
  else if (major === 2 || major === 3) {
    if (buf.length < 12) fail(`${file}: truncated .npy header`);
    headerLen = buf.readUInt32LE(8); offset = 12;
  } else fail(`${file}: unsupported .npy version ${major}`);
  if (offset + headerLen > buf.length) fail(`${file}: truncated .npy header`);
  const header = buf.toString(major === 3 ? 'utf8' : 'latin1', offset, offset + headerLen);
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shape) fail(`${file}: malformed .npy header ${JSON.stringify(header.trim())}`);
  if (fortran[1] === 'True') fail(`${file}: fortran_order arrays are not supported`);
  const dtype = byNpy.get(descr[1]);
  if (!dtype) fail(`${file}: unsupported .npy dtype '${descr[1]}'`);
  const dims = shape[1].split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) fail(`${file}: bad .npy shape (${shape[1]})`);
  const data = typedFromBytes(dtype, buf.subarray(offset + headerLen), product(dims), file);
  return { dtype, dims, data };
}

function writeNpy(file, dtype, dims, data) {
  const shape = dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
  let header = `{'descr': '${dtype.npy}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Magic (6) + version (2) + length (2) + header + '\n' is a multiple of 64.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1; pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  fs.writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'), body]));
}

// ---------------------------------------------------------------- .pb
// A minimal protobuf reader for onnx.TensorProto: dims (1), data_type (2),
// float_data (4), int32_data (5), int64_data (7), name (8), raw_data (9),
// double_data (10), uint64_data (11). Packed and unpacked repeated fields.
function readPb(file) {
  const buf = fs.readFileSync(file);
  let pos = 0;
  const varint = () => {
    let v = 0n, shift = 0n;
    for (;;) {
      if (pos >= buf.length) fail(`${file}: truncated TensorProto (varint at byte ${pos})`);
      const b = buf[pos++];
      v |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
      shift += 7n;
      if (shift > 63n) fail(`${file}: bad varint at byte ${pos}`);
    }
  };
  const dims = [], f32 = [], i32 = [], i64 = [], f64 = [], u64 = [];
  let dataType = 0, raw = null;
  while (pos < buf.length) {
    const start = pos;
    const key = Number(varint());
    const field = key >>> 3, wire = key & 7;
    let bytes = null;
    if (wire === 0) {
      const v = varint();
      if (field === 1) dims.push(Number(BigInt.asIntN(64, v)));
      else if (field === 2) dataType = Number(v);
      else if (field === 5) i32.push(Number(BigInt.asIntN(32, v)));
      else if (field === 7) i64.push(BigInt.asIntN(64, v));
      else if (field === 11) u64.push(BigInt.asUintN(64, v));
      continue;
    } else if (wire === 1) {
      if (pos + 8 > buf.length) fail(`${file}: truncated TensorProto at byte ${start}`);
      if (field === 10) f64.push(buf.readDoubleLE(pos));
      pos += 8;
      continue;
    } else if (wire === 5) {
      if (pos + 4 > buf.length) fail(`${file}: truncated TensorProto at byte ${start}`);
      if (field === 4) f32.push(buf.readFloatLE(pos));
      pos += 4;
      continue;
    } else if (wire === 2) {
      const len = Number(varint());
      if (pos + len > buf.length) fail(`${file}: truncated TensorProto at byte ${start}`);
      bytes = buf.subarray(pos, pos + len);
      pos += len;
    } else fail(`${file}: not a TensorProto (wire type ${wire} at byte ${start})`);
    // Length-delimited: raw_data, name, or a packed repeated field.
    if (field === 9) raw = bytes;
    else if (field === 4) for (let i = 0; i + 4 <= bytes.length; i += 4) f32.push(bytes.readFloatLE(i));
    else if (field === 10) for (let i = 0; i + 8 <= bytes.length; i += 8) f64.push(bytes.readDoubleLE(i));
    else if (field === 1 || field === 5 || field === 7 || field === 11) {
      const sub = bytes; // packed varints
      let p = 0;
      while (p < sub.length) {
        let v = 0n, shift = 0n;
        for (;;) {
          const b = sub[p++];
          v |= BigInt(b & 0x7f) << shift;
          if (!(b & 0x80)) break;
          shift += 7n;
          if (p >= sub.length) fail(`${file}: truncated packed field ${field}`);
        }
        if (field === 1) dims.push(Number(BigInt.asIntN(64, v)));
        else if (field === 5) i32.push(Number(BigInt.asIntN(32, v)));
        else if (field === 7) i64.push(BigInt.asIntN(64, v));
        else u64.push(BigInt.asUintN(64, v));
      }
    }
  }
  const dtype = byOnnx.get(dataType);
  if (!dtype) fail(`${file}: unsupported TensorProto data_type ${dataType}`);
  const count = product(dims);
  if (raw) return { dtype, dims, data: typedFromBytes(dtype, raw, count, file) };
  let src;
  switch (dtype.name) {
    case 'float32': src = f32; break;
    case 'float64': src = f64; break;
    case 'int64': src = i64; break;
    case 'uint32': case 'uint64': src = u64; break;
    default: src = i32; // int8/uint8/int16/uint16/int32/bool live in int32_data
  }
  if (src.length !== count) fail(`${file}: ${src.length} values, expected ${count}`);
  const data = new dtype.array(count);
  for (let i = 0; i < count; ++i)
    data[i] = dtype.name === 'uint32' ? Number(src[i]) : src[i];
  return { dtype, dims, data };
}

function readTensor(file) {
  if (!fs.existsSync(file)) fail(`${file}: no such file`);
  return file.endsWith('.pb') ? readPb(file) : readNpy(file);
}

// ---------------------------------------------------------------- main
function parseArgs(argv) {
  const args = { model: null, inputs: [], outputDir: null, repeat: 0, warmup: 0, threads: 1, graphOpt: 'all', profile: null };
  const posInt = (s, flag, min) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < min) fail(`${flag} needs an integer >= ${min}, got '${s}'`);
    return n;
  };
  for (let i = 0; i < argv.length; ++i) {
    let a = argv[i], v = null;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) { v = a.slice(eq + 1); a = a.slice(0, eq); }
    const value = () => {
      if (v !== null) return v;
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--input': case '-i': args.inputs.push(value()); break;
      case '--output-dir': case '-o': args.outputDir = value(); break;
      case '--repeat': args.repeat = posInt(value(), a, 1); break;
      case '--warmup': args.warmup = posInt(value(), a, 0); break;
      case '--threads': args.threads = posInt(value(), a, 1); break;
      case '--profile': args.profile = value(); break;
      case '--graph-opt':
        args.graphOpt = value();
        if (!['disabled', 'basic', 'extended', 'all'].includes(args.graphOpt))
          fail(`--graph-opt must be disabled, basic, extended or all (got '${args.graphOpt}')`);
        break;
      case '-h': case '--help':
        process.stdout.write('usage: node ort-run.js model.onnx --input x.npy ... --output-dir DIR [--warmup K] [--repeat N] [--threads T] [--graph-opt LEVEL] [--profile PREFIX]\n');
        process.exit(0);
        break;
      default:
        if (a.startsWith('-')) fail(`unknown option '${a}'`);
        if (args.model) fail(`more than one model given ('${args.model}', '${a}')`);
        args.model = a;
    }
  }
  if (!args.model) fail('no model given');
  if (!args.outputDir && !args.repeat) fail('give --output-dir DIR and/or --repeat N');
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.model)) fail(`${args.model}: no such file`);
  let ort;
  try {
    ort = require('onnxruntime-node');
  } catch (e) {
    fail(`cannot load onnxruntime-node (run 'npm install --ignore-scripts' in ${__dirname}): ${e.message.split('\n')[0]}`);
  }
  // onnxruntime names its profile when the session starts.
  const profileDir = args.profile ? path.dirname(args.profile) || '.' : null;
  if (profileDir && !fs.existsSync(profileDir)) fail(`--profile: no directory ${profileDir}`);
  const before = profileDir ? new Set(fs.readdirSync(profileDir)) : null;
  let session;
  try {
    session = await ort.InferenceSession.create(args.model, {
      executionProviders: ['cpu'],
      intraOpNumThreads: args.threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: args.graphOpt,
      ...(args.profile ? { enableProfiling: true, profileFilePrefix: args.profile } : {}),
    });
  } catch (e) {
    fail(`${args.model}: ${e.message.split('\n')[0]}`);
  }
  const names = session.inputNames;
  if (args.inputs.length !== names.length)
    fail(`the model has ${names.length} input(s) (${names.join(', ')}), ${args.inputs.length} given`);
  const meta = session.inputMetadata || [];
  // Inputs by position, or by name as name=file.
  const files = new Array(names.length).fill(null);
  args.inputs.forEach((spec, i) => {
    const eq = spec.indexOf('=');
    const k = eq > 0 ? names.indexOf(spec.slice(0, eq)) : -1;
    if (k >= 0) {
      if (files[k] !== null) fail(`input '${names[k]}' given twice`);
      files[k] = spec.slice(eq + 1);
    } else if (files[i] !== null) fail(`input '${names[i]}' given twice`);
    else files[i] = spec;
  });
  const feeds = {};
  names.forEach((name, i) => {
    if (files[i] === null) fail(`no file for input '${name}'`);
    const t = readTensor(files[i]);
    const m = meta[i];
    if (m && m.isTensor) {
      if (m.type && m.type !== t.dtype.name)
        fail(`${files[i]}: input '${name}' has type ${m.type}, the file holds ${t.dtype.name}`);
      const shape = m.shape || [];
      const ok = shape.length === t.dims.length &&
        shape.every((d, k) => typeof d !== 'number' || d === t.dims[k]);
      if (!ok)
        fail(`${files[i]}: input '${name}' has shape [${shape.join(',')}], the file holds [${t.dims.join(',')}]`);
    }
    feeds[name] = new ort.Tensor(t.dtype.name, t.data, t.dims);
  });

  const run = async () => {
    try {
      return await session.run(feeds);
    } catch (e) {
      fail(`${args.model}: run failed: ${e.message.split('\n')[0]}`);
    }
  };
  const results = await run();
  if (args.outputDir) {
    fs.mkdirSync(args.outputDir, { recursive: true });
    session.outputNames.forEach((name, i) => {
      const t = results[name];
      const dtype = byName.get(t.type);
      if (!dtype) fail(`output '${name}' has unsupported type ${t.type}`);
      writeNpy(path.join(args.outputDir, `output_${i}.npy`), dtype, t.dims.map(Number), t.data);
    });
  }
  if (args.repeat) {
    for (let r = 0; r < args.warmup; ++r) await run();
    const times = [];
    for (let r = 0; r < args.repeat; ++r) {
      const t0 = process.hrtime.bigint();
      await run();
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    const n = times.length;
    const median = n % 2 ? times[(n - 1) / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
    process.stdout.write(`latency: min ${times[0].toFixed(3)} ms, median ${median.toFixed(3)} ms over ${n} runs\n`);
  }
  if (args.profile) {
    await session.endProfiling();
    const base = path.basename(args.profile);
    const made = fs.readdirSync(profileDir).filter((f) => f.startsWith(base) && f.endsWith('.json') && !before.has(f));
    if (made.length !== 1) fail(`onnxruntime wrote no profile ${args.profile}_*.json`);
    process.stdout.write(`profile: ${path.join(profileDir, made[0])}\n`);
  }
}

main().catch((e) => fail(e && e.message ? e.message.split('\n')[0] : String(e)));
