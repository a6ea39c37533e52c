// A strict multipart/form-data parser (RFC 7578) for uploads. It parses untrusted bytes,
// so it has a libFuzzer target (tests/fuzz/fuzz_multipart.cpp). It copies nothing it
// does not return and refuses, rather than guesses, on any malformed input.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trame::http {

struct Part {
  std::string name;
  std::optional<std::string> filename;
  std::string content_type;  // "text/plain" when the part gives none
  std::string data;
};

// The boundary from a Content-Type header value, or nullopt.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Parses a whole body. Returns nullopt on malformed input or more than max_parts parts.
std::optional<std::vector<Part>> parse_multipart(std::string_view body, std::string_view boundary,
                                                 std::size_t max_parts = 100);

}  // namespace trame::http
