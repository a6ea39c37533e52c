// Decoded form fields from an application/x-www-form-urlencoded body or a query string.
// Decoding is Boost.URL's; values that are not valid UTF-8 make the whole form invalid,
// so that a handler never stores bytes a page cannot show.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trame::http {

class Form {
 public:
  // Returns nullopt when the body is not a well-formed url-encoded form or not UTF-8.
  static std::optional<Form> parse_urlencoded(std::string_view body);

  std::string get(std::string_view name) const;  // empty when absent
  std::optional<std::string> find(std::string_view name) const;
  std::vector<std::string> all(std::string_view name) const;
  bool has(std::string_view name) const { return find(name).has_value(); }
  void add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

bool is_valid_utf8(std::string_view s);
// True when s holds a control character a person cannot type in a form field: NUL and the other
// C0 controls except tab, line feed and carriage return, and DEL. Forms holding one are refused whole.
bool has_control_characters(std::string_view s);

}  // namespace trame::http
