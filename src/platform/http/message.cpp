#include "platform/http/message.hpp"

#include "platform/http/form.hpp"
#include "platform/http/location.hpp"

namespace trame::http {

namespace {
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
}  // namespace

std::string Request::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> Request::cookie(std::string_view name) const {
  std::string_view all = [&]() -> std::string_view {
    auto it = headers.find("cookie");
    return it == headers.end() ? std::string_view() : std::string_view(it->second);
  }();
  while (!all.empty()) {
    auto semi = all.find(';');
    std::string_view pair = trim(all.substr(0, semi));
    all = semi == std::string_view::npos ? std::string_view() : all.substr(semi + 1);
    auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (trim(pair.substr(0, eq)) == name) return std::string(trim(pair.substr(eq + 1)));
  }
  return std::nullopt;
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  auto form = Form::parse_urlencoded(query);
  return form ? form->find(name) : std::nullopt;
}

long long Request::int_param(std::string_view name) const {
  auto it = params.find(std::string(name));
  return it == params.end() ? 0 : std::stoll(it->second);
}

std::string Request::log_target() const {
  return route.empty() ? log_escape(path) : route;
}

bool Request::wants_json() const {
  std::string accept = header("accept");
  return accept.find("application/json") != std::string::npos && accept.find("text/html") == std::string::npos;
}

bool Request::is_loopback() const {
  // A request relayed by a proxy (it says so in Forwarded / X-Forwarded-For) is not a local caller,
  // even when the proxy runs on this machine and trusted_proxies was forgotten.
  if (headers.count("forwarded") || headers.count("x-forwarded-for")) return false;
  return remote_ip == "127.0.0.1" || remote_ip == "::1" || remote_ip.rfind("127.", 0) == 0 ||
         remote_ip == "::ffff:127.0.0.1";
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [k, v] : headers) {
    if (k == name) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string Response::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return {};
}

void Response::set_cookie(const Cookie& c) {
  std::string v = c.name + "=" + c.value + "; Path=" + c.path;
  if (c.max_age >= 0) v += "; Max-Age=" + std::to_string(c.max_age);
  if (c.http_only) v += "; HttpOnly";
  if (c.secure) v += "; Secure";
  if (!c.same_site.empty()) v += "; SameSite=" + c.same_site;
  headers.emplace_back("Set-Cookie", std::move(v));
}

Response Response::html(std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set_header("Content-Type", "text/html; charset=utf-8");
  return r;
}

Response Response::text(std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set_header("Content-Type", "text/plain; charset=utf-8");
  return r;
}

Response Response::json(std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set_header("Content-Type", "application/json; charset=utf-8");
  return r;
}

Response Response::redirect(std::string_view location) {
  Response r;
  r.status = 303;
  r.set_header("Location", same_site_location(location));
  return r;
}

bool is_sendable_header(std::string_view name, std::string_view value) {
  if (name.empty() || name.size() > 256) return false;
  for (unsigned char c : name) {
    bool token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
    if (!token) return false;
  }
  for (unsigned char c : value)
    if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
  return true;
}

std::string log_escape(std::string_view text, std::size_t max_bytes) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  bool utf8 = is_valid_utf8(text);
  for (unsigned char c : text) {
    if (out.size() >= max_bytes && (c & 0xC0) != 0x80) {  // cut between characters, not inside one
      out += "…";
      break;
    }
    if (c < 0x20 || c == 0x7f || c == '\\' || (c >= 0x80 && !utf8)) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string status_reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

}  // namespace trame::http
