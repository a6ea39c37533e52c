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
  std::string method;                          // "GET", "POST", ...
  std::string target;                          // raw target, path and query
  std::string path;                            // percent-decoded path
  std::string query;                           // raw query string without '?'
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string remote_ip;
  std::string request_id;
  bool secure = false;                                  // true when served behind HTTPS
  std::unordered_map<std::string, std::string> params;  // path parameters
  std::string route;  // the matched route's pattern ("/invitations/{token}"), once routed

  // What logs show of the request: the route's pattern when routed, so that tokens in paths
  // (reset, invitation, calendar feed, answer links) never reach a log; otherwise the path,
  // escaped and cut. Never the query string.
  std::string log_target() const;

  std::string header(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;
  long long int_param(std::string_view name) const;  // a typed path parameter
  bool wants_json() const;
  // The client is this machine, and no proxy relayed the request (no Forwarded / X-Forwarded-For).
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
  // 303 See Other, for Post/Redirect/Get. The target goes through same_site_location(): a path of
  // this site or "/", whatever the caller passed.
  static Response redirect(std::string_view location);
};

// A header the server may send: a token name, and a value without CR, LF, NUL or any other control
// character but tab. The server refuses to send a response holding any other (500, logged), so no
// input can ever split a response or forge a header.
bool is_sendable_header(std::string_view name, std::string_view value);

std::string status_reason(int status);

// Text safe to put in a log line: control characters, backslashes and bytes of invalid UTF-8 become
// \xNN escapes (no forged lines), cut to `max_bytes` with "…".
std::string log_escape(std::string_view text, std::size_t max_bytes = 200);

}  // namespace trame::http
