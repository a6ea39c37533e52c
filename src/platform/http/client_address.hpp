// The client's address behind reverse proxies. Only the proxies the operator trusts
// (`trusted_proxies`: addresses or CIDR ranges) may say who the client is, through `Forwarded`
// (RFC 7239) or, without it, `X-Forwarded-For`; anyone else's headers are ignored. That address is
// the one rate limits, the audit log and the /metrics loopback rule see.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace trame::http {

class TrustedProxies {
 public:
  // Throws std::invalid_argument with a French message naming the entry that is not an address or range.
  explicit TrustedProxies(const std::vector<std::string>& entries);
  ~TrustedProxies();
  TrustedProxies(TrustedProxies&&) noexcept;
  TrustedProxies& operator=(TrustedProxies&&) noexcept;

  bool empty() const;
  bool contains(std::string_view address) const;
  // The client's address: starting from the peer, walks the forwarded hops from the right while the
  // current address is a trusted proxy; stops at the first untrusted or unreadable one.
  std::string client(std::string_view peer, std::string_view forwarded, std::string_view x_forwarded_for) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trame::http
