#include "website/home/rules.hpp"

#include <algorithm>

namespace trame::website::home {

bool known_kind(const std::string& kind) {
  return std::find(kKinds.begin(), kKinds.end(), kind) != kKinds.end();
}

std::size_t characters(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

std::string trimmed(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

Outcome check_block(const std::string& kind, const BlockInput& in) {
  if (!known_kind(kind)) return Outcome::not_found();
  std::string title = trimmed(in.title);
  if (characters(title) > kMaxTitle) return Outcome::failure("home.errors.title_too_long", "title");
  if (std::any_of(title.begin(), title.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20U; }))
    return Outcome::failure("home.errors.title_invalid", "title");
  if (kind == "presentation" && characters(trimmed(in.body)) > kMaxBody)
    return Outcome::failure("home.errors.body_too_long", "body");
  std::string n = trimmed(in.items);
  if (n.empty()) return Outcome::success();
  if (n.size() > 2 || !std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return Outcome::failure("home.errors.items", "items");
  long long items = std::stoll(n);
  if (items < 1 || items > kMaxItems) return Outcome::failure("home.errors.items", "items");
  return Outcome::success();
}

}  // namespace trame::website::home
