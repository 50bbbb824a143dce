// `cloudflare-internal:email`, which worker-rs's `import "cloudflare:email"` needs in a bare
// workerd (wrangler's miniflare provides the same module). The benchmark never sends mail.
class EmailMessage {
  constructor(from, to, raw) {
    this.from = from;
    this.to = to;
    this.raw = raw;
  }
}
export default { EmailMessage };
