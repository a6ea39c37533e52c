#include "certification/certificates/code.hpp"

#include <sodium.h>

#include <cctype>

namespace trame::certificates {

namespace {
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
}

std::string base32(std::string_view bytes) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  return out;
}

std::optional<std::string> from_base32(std::string_view text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    auto pos = kAlphabet.find(c);
    if (pos == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 5) | static_cast<unsigned>(pos);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

std::string code_mac(const web::DerivedKey& key, long long id) {
  std::string message = "trame-certificate;v1;" + std::to_string(id);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.bytes.data()), key.bytes.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return std::string(reinterpret_cast<const char*>(mac), kMacBytes);
}

std::string make_code(const web::DerivedKey& key, long long id) {
  std::string mac = base32(code_mac(key, id));
  std::string out = std::to_string(id);
  for (std::size_t i = 0; i < mac.size(); i += 4) out += "-" + mac.substr(i, 4);
  return out;
}

std::optional<ParsedCode> parse_code(std::string_view text) {
  if (text.size() > 80) return std::nullopt;
  // The id: the leading digits, up to the first dash.
  std::size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  std::size_t start = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  std::string_view digits = text.substr(start, i - start);
  if (digits.empty() || digits.size() > 15 || digits[0] == '0') return std::nullopt;
  if (i >= text.size() || (text[i] != '-' && text[i] != ' ')) return std::nullopt;
  std::string mac;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '-' || c == ' ') continue;
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (c == '0') c = 'O';
    if (c == '1') c = 'I';
    if (c == '8') c = 'B';
    mac += c;
  }
  if (mac.size() != kMacBytes * 8 / 5) return std::nullopt;
  auto bytes = from_base32(mac);
  if (!bytes || bytes->size() != kMacBytes) return std::nullopt;
  ParsedCode p;
  p.id = std::stoll(std::string(digits));
  p.mac = *bytes;
  return p;
}

bool code_matches(const web::DerivedKey& key, const ParsedCode& code) {
  std::string expected = code_mac(key, code.id);
  return code.mac.size() == expected.size() && sodium_memcmp(code.mac.data(), expected.data(), expected.size()) == 0;
}

}  // namespace trame::certificates
