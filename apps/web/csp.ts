// The page's Content-Security-Policy. No 'unsafe-eval' and no inline script or
// style: the bundle never evaluates text, and everything it runs is a file it
// ships. 'wasm-unsafe-eval' is the narrow permission WebAssembly compilation
// needs (it allows compiling wasm bytes, not evaluating JavaScript).
// frame-ancestors is left to the server's header: browsers ignore it in <meta>.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ')
