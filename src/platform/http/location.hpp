// The one gate for redirect targets. Every Location header Trame sends goes through
// same_site_location(): whatever the input (a form's "suivant", a "back" field, a Referer, a
// percent-decoded request path), the result is a path on this site, never another origin.
#pragma once
#include <string>
#include <string_view>

namespace trame::http {

// `target` if it is a same-site path, re-encoded for a header; otherwise `fallback`.
// Refused: anything not starting with one '/', a scheme or authority ("//host", "/\host"), a
// backslash anywhere in the path, and any control or whitespace character once percent-decoded
// (browsers drop tabs and newlines from URLs, so "/%09/evil.example" would become "//evil.example").
// Bytes a URL may not carry raw (spaces, non-ASCII, quotes…) are percent-encoded in the result.
std::string same_site_location(std::string_view target, std::string_view fallback = "/");

// Percent-decoding of a whole string ("%2F" → "/", "+" stays "+"); malformed escapes stay as they are.
std::string percent_decode(std::string_view s);

}  // namespace trame::http
