#include "platform/http/multipart.hpp"

#include <algorithm>
#include <cctype>

namespace trame::http {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads a parameter such as name="x" from a header value like: form-data; name="x"; filename="y".
std::optional<std::string> header_param(std::string_view value, std::string_view key) {
  std::size_t pos = value.find(';');
  while (pos != std::string_view::npos) {
    std::string_view rest = trim(value.substr(pos + 1));
    auto eq = rest.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    std::string_view k = trim(rest.substr(0, eq));
    std::string_view v = rest.substr(eq + 1);
    std::string out;
    std::size_t consumed = 0;
    if (!v.empty() && v.front() == '"') {
      std::size_t i = 1;
      bool closed = false;
      for (; i < v.size(); ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) {
          out += v[++i];
        } else if (v[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          out += v[i];
        }
      }
      if (!closed) return std::nullopt;
      consumed = i;
    } else {
      consumed = std::min(v.find(';'), v.size());
      out = std::string(trim(v.substr(0, consumed)));
    }
    if (lower(k) == key) return out;
    std::string_view after = v.substr(consumed);
    auto next = after.find(';');
    if (next == std::string_view::npos) return std::nullopt;
    // Continue from the next ';' (positions relative to value).
    pos = static_cast<std::size_t>(after.data() - value.data()) + next;
  }
  return std::nullopt;
}

bool has_line_break(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  auto semi = content_type.find(';');
  if (lower(trim(content_type.substr(0, semi))) != "multipart/form-data") return std::nullopt;
  auto b = header_param(content_type, "boundary");
  if (!b || b->empty() || b->size() > 70) return std::nullopt;
  return b;
}

std::optional<std::vector<Part>> parse_multipart(std::string_view body, std::string_view boundary,
                                                 std::size_t max_parts) {
  if (boundary.empty()) return std::nullopt;
  const std::string delimiter = "--" + std::string(boundary);
  const std::string inner = "\r\n" + delimiter;

  // The body starts with the first delimiter (a preamble is allowed but ignored).
  std::size_t pos = 0;
  if (body.substr(0, delimiter.size()) != delimiter) {
    auto first = body.find(inner);
    if (first == std::string_view::npos) return std::nullopt;
    pos = first + 2;
  }
  pos += delimiter.size();

  std::vector<Part> parts;
  while (true) {
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") return std::nullopt;
    pos += 2;
    if (parts.size() >= max_parts) return std::nullopt;

    Part part;
    part.content_type = "text/plain";
    bool has_disposition = false;
    // Headers, one per line, until an empty line.
    while (true) {
      auto eol = body.find("\r\n", pos);
      if (eol == std::string_view::npos) return std::nullopt;
      std::string_view line = body.substr(pos, eol - pos);
      pos = eol + 2;
      if (line.empty()) break;
      if (line.size() > 8192) return std::nullopt;
      auto colon = line.find(':');
      if (colon == std::string_view::npos) return std::nullopt;
      std::string name = lower(trim(line.substr(0, colon)));
      std::string_view value = trim(line.substr(colon + 1));
      if (name == "content-disposition") {
        auto semi = value.find(';');
        if (lower(trim(value.substr(0, semi))) != "form-data") return std::nullopt;
        auto n = header_param(value, "name");
        if (!n) return std::nullopt;
        part.name = *n;
        part.filename = header_param(value, "filename");
        // Header lines end at CRLF only, so a lone CR or LF (raw or escaped in a quoted string, where
        // the two can even meet as CRLF) can reach a name: it would break any header the name is written
        // back into. Refused; browsers send line breaks in names as %0D%0A.
        if (has_line_break(part.name) || (part.filename && has_line_break(*part.filename))) return std::nullopt;
        has_disposition = true;
      } else if (name == "content-type") {
        part.content_type = lower(value);
      }
    }
    if (!has_disposition) return std::nullopt;
    auto end = body.find(inner, pos);
    if (end == std::string_view::npos) return std::nullopt;
    part.data = std::string(body.substr(pos, end - pos));
    parts.push_back(std::move(part));
    pos = end + inner.size();
  }
}

}  // namespace trame::http
