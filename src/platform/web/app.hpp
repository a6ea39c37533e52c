// The web layer: it turns a Request into a Response for a matched route. In order:
// route match (404/405) → session and current user → permission (deny by default) →
// second-factor gates → CSRF on every non-GET → form decoding → one-time submission id →
// the module's handler → security headers. Module handlers see a Context, never Beast.
#pragma once
#include <functional>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <kainjow/mustache.hpp>

#include "platform/core/outcome.hpp"
#include "platform/http/form.hpp"
#include "platform/http/message.hpp"
#include "platform/http/multipart.hpp"
#include "platform/http/router.hpp"
#include "platform/http/static_files.hpp"
#include "platform/store/database.hpp"
#include "platform/web/config.hpp"
#include "platform/web/i18n.hpp"
#include "platform/web/metrics.hpp"
#include "platform/web/permissions.hpp"
#include "platform/web/views.hpp"

namespace trame::web {

using Data = kainjow::mustache::data;
class App;

// What search engines and link previews read of a page: the layout writes it as <meta name="description">,
// <link rel="canonical"> (the configured public_url and the page's path), the Open Graph tags and, for a
// page that should stay out of search engines, <meta name="robots" content="noindex">. Every page that
// needs a session (any permission but public), every /admin page and every error page is noindex anyway.
struct PageMeta {
  std::string description;       // empty: the catalogue's layout.description
  std::string image;             // og:image, a path on this site ("/static/…") or an absolute URL; empty: none
  std::string type = "website";  // og:type ("article" for a content page)
  bool noindex = false;
};

class Context {
 public:
  Context(App& app, http::Request& req);

  App& app;
  http::Request& req;
  std::optional<CurrentUser> user;
  std::string locale = "fr";
  http::Form form;                // decoded body of a POST (url-encoded or multipart fields)
  std::vector<http::Part> files;  // uploaded files of a multipart POST
  // The uploaded file sent as field `name`, if any (an empty file input counts as none).
  const http::Part* file(const std::string& name) const {
    for (const auto& f : files)
      if (f.name == name && !f.data.empty()) return &f;
    return nullptr;
  }
  std::string csrf_token;  // the token forms must carry
  std::string submission;  // the form's one-time id, for routes with submission_in_handler
  std::string route_pattern;
  bool public_route = false;          // public and not reached by a secret {token} link (set by the web layer)
  PageMeta meta;                      // set by a handler before render()
  std::vector<http::Cookie> cookies;  // added to the response

  const CurrentUser& me() const { return *user; }
  std::string t(const std::string& key, const Params& params = {}) const;
  // Queues a message for the next page (Post/Redirect/Get).
  void flash(const std::string& kind, const std::string& message);
  // Renders templates/<view>.mustache inside the layout.
  http::Response render(const std::string& view, const Data& data, const std::string& title, int status = 200);
  // The two halves of render(): a view's HTML (what a page cache may keep), then the page around it
  // (user, flash messages, CSRF token: never cached).
  std::string render_content(const std::string& view, const Data& data);
  http::Response page(const std::string& content, const std::string& title, int status = 200);
  http::Response redirect(const std::string& location);
  http::Response error(int status, const std::string& message = "");
  // A refused outcome as a page: the error page of its status (status_of), with its message
  // unless it is the generic 404/403 one.
  http::Response refused(const Outcome& outcome);
  // The page data every template can use: t, lang, csrf, submission id, user.
  Data base_data();
  std::string client_ip() const { return req.remote_ip; }

 private:
  friend class App;
  // The layout's description, canonical URL, Open Graph and robots data (PageMeta).
  void set_page_meta(Data& layout, int status) const;
  std::vector<std::pair<std::string, std::string>> flashes_;
  bool flash_consumed_ = false;
};

using RouteHandler = std::function<http::Response(Context&)>;
// Adds to every page's layout data (e.g. the footer's accessibility status); registered at wiring.
using LayoutAddition = std::function<void(Context&, Data& layout)>;

struct RouteOptions {
  bool before_mfa_enrolment = false;  // reachable while a required second factor is not set up
  // The handler records the form's one-time id (ctx.submission) in its own transaction, with
  // store::claim_submission, instead of the web layer doing it in a transaction of its own.
  bool submission_in_handler = false;
  // A POST that carries no CSRF token by design: a mail provider's RFC 8058 one-click unsubscribe posts
  // without cookies. Only for a public route whose handler authenticates the request by itself (a
  // secret token in the URL) and whose effect the person asked for.
  bool csrf_exempt = false;
};

struct RouteData {
  std::string permission;
  RouteHandler handler;
  RouteOptions options;
};

// Resolves the session cookie to a user; may ask to clear the cookie.
using SessionResolver = std::function<std::optional<CurrentUser>(const std::string& token)>;
// Records a one-time form submission id; false when it was already used.
using SubmissionGuard = std::function<bool(const std::string& id, bool release)>;

class App {
 public:
  App(Config config, store::Database& db);

  void get(std::string_view pattern, std::string permission, RouteHandler handler, RouteOptions options = {});
  void post(std::string_view pattern, std::string permission, RouteHandler handler, RouteOptions options = {});

  http::Response handle(http::Request& req);
  http::Response transport_error(const http::Request& req, int status);
  const http::Router<RouteData>& router() const { return router_; }

  std::string session_cookie_name() const { return config.https ? "__Host-trame_session" : "trame_session"; }
  // The anonymous double-submit CSRF cookie; __Host- behind HTTPS, so no sibling site can set it.
  std::string anon_csrf_cookie_name() const { return config.https ? "__Host-trame_csrf" : "trame_csrf"; }
  http::Cookie session_cookie(const std::string& value, int max_age) const;
  std::string asset_url(const std::string& rel_path) const;

  Config config;
  store::Database& db;
  Catalogue catalogue;
  std::unique_ptr<Views> views;
  std::unique_ptr<http::StaticFiles> static_files;
  Metrics metrics;
  SessionResolver resolve_session;
  SubmissionGuard submission_guard;
  std::function<std::vector<Reading>()> gauges;
  std::vector<LayoutAddition> layout_additions;  // run in order on every page; one that throws is logged

  // A French (or English) error page, or JSON for Accept: application/json.
  http::Response error_page(Context& ctx, int status, const std::string& message);

  // The public site's menu in the layout's navigation, read from a source set at wiring (the pages
  // module) and kept in memory, so that the layout does not query the database on every request:
  // invalidate_site_menu() drops it when a page changes; it is read again after a minute anyway (another
  // instance sharing a PostgreSQL database may have changed it).
  struct MenuLink {
    std::string url, label;
  };
  void set_site_menu(std::function<std::vector<MenuLink>()> source);
  void invalidate_site_menu();
  std::vector<MenuLink> site_menu();

  // The layout around a page's content, kept per fingerprint of every value its template reads
  // (Views::tag_names): the page is the text before the content, the content, the text after it.
  struct Frame {
    std::string before, after;
  };
  std::optional<Frame> frame(const std::string& key);
  void keep_frame(const std::string& key, Frame frame);
  const std::string content_mark;  // stands for the content in a kept frame (random, per process)

 private:
  std::mutex frames_mutex_;
  std::unordered_map<std::string, Frame> frames_;
  http::Response dispatch(http::Request& req, std::string& route_pattern);
  void add_security_headers(http::Response& res, bool personal) const;
  std::string pick_locale(const http::Request& req) const;
  http::Router<RouteData> router_;
  std::function<std::vector<MenuLink>()> menu_source_;
  std::mutex menu_mutex_;
  std::optional<std::vector<MenuLink>> menu_;
  std::chrono::steady_clock::time_point menu_read_at_;
};

// Registers the routes every deployment has: static files, /healthz, /metrics.
void register_system_routes(App& app);

}  // namespace trame::web

namespace trame::web {
// Page number from ?page=, at least 1.
long long page_param(const http::Request& req);
// Links for a paginated list: previous/next and "page X of Y". base_url ends with '?' or '&'.
Data pagination(const Context& ctx, long long page, long long per_page, long long total, const std::string& base_url);
std::string format_datetime(long long unix_seconds, const std::string& locale);
// An id sent in a form or query (digits only, at most 18), or 0 when absent or malformed.
long long parse_id(std::string_view text);
// Who is acting, for services and the audit log.
Actor actor_of(const Context& ctx);
// A form's error for its template: "error" (the translated message), "error_field" and
// "error_<field>" (true) so that the field shows its message and aria-invalid. Nothing when ok.
void set_error(Data& data, const Context& ctx, const Outcome& outcome);
// The same, for a page holding several forms: "error_<form>" and "error_<form>_<field>".
void set_error(Data& data, const Context& ctx, const Outcome& outcome, const std::string& form);
// The one mapping from an outcome's code to an HTTP status: 200 when ok, then not_found 404,
// denied 403, invalid 422, conflict 409, limited 429, gone 410, unavailable 503.
int status_of(const Outcome& outcome);
// The end of every form's POST handler, in one shape: on success, flash `done` (a catalogue key,
// skipped when empty) and redirect to `next`; refused as a page (not found, denied, gone,
// unavailable), the error page; otherwise (invalid, conflict, limited) the form again, built by
// `form_again` with the outcome (its message and field) and the status to answer.
using FormAgain = std::function<http::Response(const Outcome&, int status)>;
http::Response finish(Context& ctx, const Outcome& outcome, const std::string& done, const std::string& next,
                      const FormAgain& form_again);
// finish whose done message has placeholders (a code, a count, a name), flashed as `kind`
// ("success", or "info" for a result that is not yet final).
http::Response finish_with(Context& ctx, const Outcome& outcome, const std::string& done, const Params& params,
                           const std::string& next, const FormAgain& form_again, const std::string& kind = "success");
// The form_again of a button or a small form shown on another page (a status button, a cancel
// button): the message as an error flash, and back to that page (303), which shows it.
FormAgain back_to(Context& ctx, std::string page, Params params = {});
// A stored picture (a logo, an offer's picture or its card) as the answer to a GET: a strong ETag
// from `sha256` (the bytes' hex digest), 304 when the browser already holds it, kept
// `max_age_seconds` by the browser only (private: the rules of who sees it are the route's).
http::Response stored_picture(const Context& ctx, const std::string& content_type, std::string bytes,
                              const std::string& sha256, int max_age_seconds);
// Data for a list of <option>s: value, label (from the catalogue prefix + value), selected.
Data options(const Context& ctx, const std::vector<std::string>& values, const std::string& label_prefix,
             const std::string& selected);
inline Data flag(bool b) {
  return b ? Data::type::bool_true : Data::type::bool_false;
}
// Sets an optional key only when it has a value: mustache treats an empty string as true in {{#key}}.
inline void set_if(Data& d, const std::string& key, const std::string& value) {
  if (!value.empty()) d.set(key, value);
}
// A value for a query string: unreserved characters as they are, every other byte as %XX.
// Percent-encodes all but unreserved characters and those in `keep` (e.g. "/" for a path in a query value).
std::string url_encode(const std::string& value, std::string_view keep = "");
}  // namespace trame::web
