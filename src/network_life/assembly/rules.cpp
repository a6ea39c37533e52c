#include "network_life/assembly/rules.hpp"

#include "platform/core/text.hpp"

namespace trame::assembly {

namespace {

std::optional<long long> number(const std::string& s) {
  if (s.empty() || s.size() > 3 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoll(s);
}

}  // namespace

std::optional<Fraction> parse_fraction(const std::string& raw) {
  std::string text = trim(raw);
  auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  auto num = number(trim(text.substr(0, slash)));
  auto den = number(trim(text.substr(slash + 1)));
  if (!num || !den || *num <= 0 || *den <= 0 || *num > *den || *den > 100) return std::nullopt;
  return Fraction{*num, *den};
}

long long quorum_needed(long long members, Fraction f) {
  if (members <= 0 || f.den <= 0) return 1;
  long long needed = (members * f.num + f.den - 1) / f.den;
  return needed < 1 ? 1 : needed;
}

bool quorum_reached(long long members, long long present_or_represented, Fraction f) {
  return members > 0 && present_or_represented >= quorum_needed(members, f);
}

bool votes_valid(const Votes& v, long long voters) {
  if (v.for_ < 0 || v.against < 0 || v.abstain < 0) return false;
  return v.total() <= voters;
}

bool adopted(const Votes& v, bool qualified, Fraction f) {
  if (v.for_ <= 0) return false;
  if (!qualified) return v.for_ > v.against;
  return v.for_ * f.den >= f.num * (v.for_ + v.against);
}

}  // namespace trame::assembly
