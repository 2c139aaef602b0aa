// The .wasm files the Worker imports: wrangler bundles each as a WebAssembly.Module compiled at
// deploy time (zxing-wasm types its own).
declare module '@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
