#include "platform/http/form.hpp"

#include <boost/url/parse_query.hpp>

namespace trame::http {

bool has_control_characters(std::string_view s) {
  for (unsigned char c : s)
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return true;
  return false;
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len = 0;
    unsigned int cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

std::optional<Form> Form::parse_urlencoded(std::string_view body) {
  Form form;
  if (body.empty()) return form;
  // Boost 1.81's parse_query rebuilds its result from body.data() with strlen(), so it reads
  // past the end of a view that is not NUL-terminated and may return parameters that lie
  // beyond it (boostorg/url#757, #946). Parse a NUL-terminated copy: the query grammar rejects
  // a raw NUL, so strlen() of the copy is exactly its size.
  const std::string terminated(body);
  auto parsed = boost::urls::parse_query(terminated);
  if (!parsed) return std::nullopt;
  for (auto param : *parsed) {
    // In forms, '+' stands for a space.
    boost::urls::encoding_opts opts;
    opts.space_as_plus = true;
    std::string key = param.key.decode(opts);
    std::string value = param.has_value ? param.value.decode(opts) : std::string();
    if (!is_valid_utf8(key) || !is_valid_utf8(value)) return std::nullopt;
    form.fields_.emplace_back(std::move(key), std::move(value));
  }
  return form;
}

std::optional<std::string> Form::find(std::string_view name) const {
  for (const auto& [k, v] : fields_)
    if (k == name) return v;
  return std::nullopt;
}

std::string Form::get(std::string_view name) const {
  return find(name).value_or(std::string());
}

std::vector<std::string> Form::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : fields_)
    if (k == name) out.push_back(v);
  return out;
}

}  // namespace trame::http
