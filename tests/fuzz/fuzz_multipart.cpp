// libFuzzer target for the multipart/form-data parser (src/http/multipart.hpp).
//
// Input layout: the bytes up to the first '\n' are the Content-Type header value (a trailing
// '\r' is dropped), the remaining bytes are the request body. For example:
//
//   multipart/form-data; boundary=XyZ
//   --XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XyZ--\r\n
//
// Build: CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DTRAME_FUZZ=ON -DTRAME_WERROR=OFF
// Run:   build-fuzz/fuzz_multipart tests/fuzz/corpus/multipart -max_total_time=60
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "platform/http/multipart.hpp"

namespace {

using trame::http::Part;

[[noreturn]] void fail() {
  std::abort();
}

bool same_parts(const std::vector<Part>& a, const std::vector<Part>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].name != b[i].name || a[i].filename != b[i].filename || a[i].content_type != b[i].content_type ||
        a[i].data != b[i].data)
      return false;
  return true;
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Serialises parts again, the way a browser would.
std::string serialise(const std::vector<Part>& parts, std::string_view boundary) {
  std::string body;
  for (const auto& p : parts) {
    body += "--";
    body += boundary;
    body += "\r\nContent-Disposition: form-data; name=" + quote(p.name);
    if (p.filename) body += "; filename=" + quote(*p.filename);
    body += "\r\nContent-Type: " + p.content_type + "\r\n\r\n";
    body += p.data;
    body += "\r\n";
  }
  body += "--";
  body += boundary;
  body += "--\r\n";
  return body;
}

void check(std::string_view body, std::string_view boundary) {
  constexpr std::size_t kSmallLimit = 3;
  auto parts = trame::http::parse_multipart(body, boundary);
  auto limited = trame::http::parse_multipart(body, boundary, kSmallLimit);

  if (!parts) {
    // Lowering the limit can only turn success into failure.
    if (limited) fail();
    return;
  }
  if (boundary.empty()) fail();
  if (parts->size() > 100) fail();

  // The same body under a smaller limit: same result when it fits, refused otherwise.
  if (parts->size() <= kSmallLimit) {
    if (!limited || !same_parts(*parts, *limited)) fail();
  } else if (limited) {
    fail();
  }

  const std::string inner = "\r\n--" + std::string(boundary);
  std::size_t from = 0;
  for (const auto& p : *parts) {
    // Every part's data is a piece of the body, in order, and never contains a delimiter.
    auto at = body.find(p.data, from);
    if (at == std::string_view::npos) fail();
    from = at + p.data.size();
    if (p.data.find(inner) != std::string::npos) fail();
    // Header-derived fields come from single header lines.
    if (p.name.find("\r\n") != std::string::npos) fail();
    if (p.filename && p.filename->find("\r\n") != std::string::npos) fail();
    if (p.content_type != lower_ascii(p.content_type)) fail();
  }

  // Serialising the parts and parsing them again gives the same parts.
  auto again = trame::http::parse_multipart(serialise(*parts, boundary), boundary);
  if (!again || !same_parts(*parts, *again)) fail();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto nl = input.find('\n');
  std::string_view header = input.substr(0, nl);
  std::string_view body = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
  if (!header.empty() && header.back() == '\r') header.remove_suffix(1);

  auto boundary = trame::http::multipart_boundary(header);
  if (boundary) {
    if (boundary->empty() || boundary->size() > 70) fail();
    // The boundary survives being written back into a canonical header.
    auto canonical = trame::http::multipart_boundary("multipart/form-data; boundary=" + quote(*boundary));
    if (!canonical || *canonical != *boundary) fail();
    check(body, *boundary);
  } else if (!header.empty() && header.size() <= 70) {
    // Not a Content-Type we accept: still exercise the body parser, with the line as boundary,
    // so that the fuzzer does not have to guess a header to reach it.
    check(body, header);
  }
  return 0;
}
