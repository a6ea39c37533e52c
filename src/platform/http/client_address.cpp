#include "platform/http/client_address.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include <optional>
#include <stdexcept>
#include <variant>

namespace trame::http {

namespace ip = boost::asio::ip;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<ip::address> parse_address(std::string_view text) {
  boost::system::error_code ec;
  auto a = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  // An IPv4 client seen through an IPv6 socket counts as its IPv4 address.
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::address(ip::make_address_v4(ip::v4_mapped, a.to_v6()));
  return a;
}

// One hop of a Forwarded or X-Forwarded-For header: "192.0.2.1", "192.0.2.1:8080",
// "[2001:db8::1]:4711", "\"[2001:db8::1]\"", "2001:db8::1".
std::optional<ip::address> parse_hop(std::string_view hop) {
  hop = trim(hop);
  if (hop.size() >= 2 && hop.front() == '"' && hop.back() == '"') hop = hop.substr(1, hop.size() - 2);
  if (!hop.empty() && hop.front() == '[') {
    auto close = hop.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    return parse_address(hop.substr(1, close - 1));
  }
  if (auto a = parse_address(hop)) return a;
  auto colon = hop.rfind(':');
  if (colon != std::string_view::npos && hop.find(':') == colon) return parse_address(hop.substr(0, colon));
  return std::nullopt;
}

// The hops a header lists, left (client) to right (nearest proxy); nullopt for an unreadable hop.
std::vector<std::optional<ip::address>> hops_of(std::string_view forwarded, std::string_view x_forwarded_for) {
  std::vector<std::optional<ip::address>> out;
  if (!trim(forwarded).empty()) {
    std::size_t pos = 0;
    while (pos <= forwarded.size()) {
      auto comma = forwarded.find(',', pos);
      std::string_view element =
          forwarded.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
      std::optional<ip::address> hop;
      std::size_t p = 0;
      while (p <= element.size()) {
        auto semi = element.find(';', p);
        std::string_view pair =
            trim(element.substr(p, semi == std::string_view::npos ? std::string_view::npos : semi - p));
        if (pair.size() > 4 &&
            (pair.substr(0, 4) == "for=" || pair.substr(0, 4) == "For=" || pair.substr(0, 4) == "FOR="))
          hop = parse_hop(pair.substr(4));
        if (semi == std::string_view::npos) break;
        p = semi + 1;
      }
      out.push_back(hop);
      if (comma == std::string_view::npos) break;
      pos = comma + 1;
    }
    return out;
  }
  std::size_t pos = 0;
  while (pos <= x_forwarded_for.size() && !trim(x_forwarded_for).empty()) {
    auto comma = x_forwarded_for.find(',', pos);
    out.push_back(
        parse_hop(x_forwarded_for.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos)));
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

}  // namespace

struct TrustedProxies::Impl {
  std::vector<std::variant<ip::network_v4, ip::network_v6>> ranges;

  bool contains(const ip::address& a) const {
    for (const auto& r : ranges) {
      if (const auto* v4 = std::get_if<ip::network_v4>(&r); v4 && a.is_v4()) {
        if (ip::network_v4(a.to_v4(), v4->prefix_length()).network() == v4->network()) return true;
      } else if (const auto* v6 = std::get_if<ip::network_v6>(&r); v6 && a.is_v6()) {
        if (ip::network_v6(a.to_v6(), v6->prefix_length()).network() == v6->network()) return true;
      }
    }
    return false;
  }
};

TrustedProxies::TrustedProxies(const std::vector<std::string>& entries) : impl_(std::make_unique<Impl>()) {
  for (const auto& raw : entries) {
    std::string_view entry = trim(raw);
    if (entry.empty()) continue;
    auto slash = entry.find('/');
    auto address = parse_address(entry.substr(0, slash));
    int prefix = -1;
    if (address && slash != std::string_view::npos) {
      std::string_view bits = entry.substr(slash + 1);
      prefix = bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string_view::npos
                   ? -2
                   : std::stoi(std::string(bits));
    }
    int max_bits = address && address->is_v4() ? 32 : 128;
    if (!address || prefix == -2 || prefix > max_bits)
      throw std::invalid_argument("trusted_proxies : « " + std::string(entry) +
                                  " » n'est ni une adresse IP ni une plage CIDR (ex. 10.0.0.0/8).");
    if (prefix < 0) prefix = max_bits;
    if (address->is_v4())
      impl_->ranges.emplace_back(ip::network_v4(address->to_v4(), static_cast<unsigned short>(prefix)).canonical());
    else impl_->ranges.emplace_back(ip::network_v6(address->to_v6(), static_cast<unsigned short>(prefix)).canonical());
  }
}

TrustedProxies::~TrustedProxies() = default;
TrustedProxies::TrustedProxies(TrustedProxies&&) noexcept = default;
TrustedProxies& TrustedProxies::operator=(TrustedProxies&&) noexcept = default;

bool TrustedProxies::empty() const {
  return impl_->ranges.empty();
}

bool TrustedProxies::contains(std::string_view address) const {
  auto a = parse_address(address);
  return a && impl_->contains(*a);
}

std::string TrustedProxies::client(std::string_view peer, std::string_view forwarded,
                                   std::string_view x_forwarded_for) const {
  auto current = parse_address(peer);
  if (!current || impl_->ranges.empty() || !impl_->contains(*current)) return std::string(peer);
  auto hops = hops_of(forwarded, x_forwarded_for);
  while (!hops.empty() && impl_->contains(*current)) {
    auto hop = hops.back();
    hops.pop_back();
    if (!hop) break;
    current = hop;
  }
  return current->to_string();
}

}  // namespace trame::http
