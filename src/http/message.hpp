// Trame's own request and response types. Only src/http/ sees Beast; every other
// folder speaks these plain structs, which keeps the layers honest and the build fast.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace trame::http {

struct Request {
  std::string method;             // "GET", "POST", ...
  std::string target;             // raw target, path and query
  std::string path;               // percent-decoded path
  std::string query;              // raw query string without '?'
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string remote_ip;
  std::string request_id;
  bool secure = false;            // true when served behind HTTPS
  std::unordered_map<std::string, std::string> params;  // path parameters

  std::string header(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;
  long long int_param(std::string_view name) const;  // a typed path parameter
  bool wants_json() const;
  bool is_loopback() const;
};

struct Cookie {
  std::string name;
  std::string value;
  int max_age = -1;  // -1: session cookie, 0: delete
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Lax";
  std::string path = "/";
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // A streamed body (exports): called on the worker pool until it returns nullopt; each piece is
  // sent as an HTTP chunk as soon as it is ready, so a large export never sits in memory.
  std::function<std::optional<std::string>()> next_chunk;

  void set_header(std::string name, std::string value);
  std::string header(std::string_view name) const;
  void set_cookie(const Cookie& cookie);

  static Response html(std::string body, int status = 200);
  static Response text(std::string body, int status = 200);
  static Response json(std::string body, int status = 200);
  static Response redirect(std::string location);  // 303 See Other, for Post/Redirect/Get
};

std::string status_reason(int status);

}  // namespace trame::http
