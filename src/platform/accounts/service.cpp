#include "platform/accounts/service.hpp"
#include "platform/store/rate_limits.hpp"
#include "platform/store/settings.hpp"
#include "platform/store/submissions.hpp"

#include <liboath/oath.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <mutex>

#include "platform/core/text.hpp"
#include "platform/web/crypto.hpp"

namespace trame::accounts {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// At most max bytes of s, cut on a character boundary (PostgreSQL refuses a broken UTF-8 sequence).
std::string utf8_prefix(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

// A header value kept for display (User-Agent): printable ASCII only, at most max bytes. Header
// bytes are not guaranteed to be UTF-8, and PostgreSQL refuses to store invalid UTF-8.
std::string printable_ascii(const std::string& s, std::size_t max) {
  std::string out;
  for (unsigned char c : s) {
    if (out.size() >= max) break;
    out += (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : '?';
  }
  return out;
}

// An address typed in a public form, as kept in rate-limit buckets and the audit log: no
// account address is longer than 254 bytes, and a longer one must not bloat the log.
constexpr std::size_t kMaxEmailBytes = 254;

// The most common passwords of 12 characters or more seen in public breach lists, and French
// favourites; a larger list is loaded from the password-strength package when present.
const char* const kBuiltinCommon[] = {
    "123456789012",  "1234567890123", "12345678901234", "password1234",   "password12345",        "passwordpassword",
    "qwertyuiop12",  "qwertyuiopas",  "qwerty123456",   "azertyuiop12",   "azertyuiopqs",         "azertyuiop123",
    "azerty123456",  "motdepasse12",  "motdepasse123",  "motdepasse1234", "motdepassemotdepasse", "bonjour12345",
    "bonjour123456", "soleil123456",  "iloveyou1234",   "jetaime123456",  "1q2w3e4r5t6y",         "1qaz2wsx3edc",
    "qazwsxedcrfv",  "zaqwsxcderfv",  "aaaaaaaaaaaa",   "111111111111",   "000000000000",         "abcdefghijkl",
    "abcdef123456",  "abc123456789",  "trame1234567",   "changeme1234",   "administrateur",       "administrator",
    "welcome12345",  "bienvenue123",  "bienvenue1234",  "football1234",   "marseille1234",        "loireatlantique",
    "nantes123456",  "superman1234",  "princesse123",   "chocolat1234",   "doudou123456",         "letmein12345",
    "monkey123456",  "dragon123456",  "sunshine1234",   "baseball1234",   "starwars1234",         "0123456789ab",
};

}  // namespace

Service::Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
                 Settings settings)
    : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), settings_(std::move(settings)) {
  static std::once_flag once;
  std::call_once(once, [] { oath_init(); });
  for (const char* p : kBuiltinCommon) common_passwords_.insert(p);
}

void Service::load_common_passwords(const std::string& file) {
  std::ifstream in(file);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    line = lower(trim(line));
    if (line.size() >= 8) {
      common_passwords_.insert(line);
      ++n;
    }
  }
  if (n) spdlog::debug("{} mots de passe courants chargés depuis {}", n, file);
}

std::optional<std::string> Service::password_problem(const std::string& password, const std::string& email) const {
  if (code_points(password) < 12) return "accounts.errors.password_short";
  if (password.size() > 512) return "accounts.errors.password_long";
  std::string l = lower(password);
  if (common_passwords_.count(l)) return "accounts.errors.password_common";
  // One short unit repeated ("aaaa…", "abcabc…", "éééé…") is as weak as a common password.
  for (std::size_t period = 1; period <= 8 && period * 2 <= l.size(); ++period) {
    bool repeated = true;
    for (std::size_t i = period; i < l.size() && repeated; ++i) repeated = l[i] == l[i % period];
    if (repeated) return "accounts.errors.password_common";
  }
  if (too_close_to_email(password, email)) return "accounts.errors.password_like_email";
  return std::nullopt;
}

// The address, its local part, its domain and their words (of 3 letters or more) are taken out of
// the password, case, accents' case and separators ignored ("Camille.Essai@exemple.fr",
// "camille essai 2026", "EXEMPLE-camille"): what is left must still be 6 characters or more.
bool Service::too_close_to_email(const std::string& password, const std::string& email) {
  auto fold = [](const std::string& s) {  // lowercase letters and digits, and every non-ASCII byte
    std::string out;
    for (unsigned char c : s)
      if (c >= 0x80 || std::isalnum(c)) out += static_cast<char>(std::tolower(c));
    return out;
  };
  std::string rest = fold(password);
  if (rest.empty()) return false;
  const std::string address = lower(trim(email));
  const auto at = address.rfind('@');
  const std::string local = address.substr(0, at);
  const std::string domain = at == std::string::npos ? std::string() : address.substr(at + 1);
  std::vector<std::string> parts{fold(address), fold(local), fold(domain)};
  std::string word;
  for (char c : address + ".") {
    if (c == '.' || c == '@' || c == '_' || c == '-' || c == '+') {
      parts.push_back(fold(word));
      word.clear();
    } else {
      word += c;
    }
  }
  std::sort(parts.begin(), parts.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  bool removed = false;
  for (const auto& part : parts) {
    if (part.size() < 3) continue;
    for (auto pos = rest.find(part); pos != std::string::npos; pos = rest.find(part)) {
      rest.erase(pos, part.size());
      removed = true;
    }
  }
  return removed && code_points(rest) < 6;
}

std::string Service::mail_text(const std::string& locale, const std::string& key, const web::Params& params) const {
  return catalogue_.t(locale, key, params);
}

// ---- Login and sessions ----------------------------------------------------------------

LoginResult Service::login(const std::string& raw_email, const std::string& password, const std::string& ip,
                           const std::string& user_agent) {
  std::string email = utf8_prefix(lower(trim(raw_email)), kMaxEmailBytes);
  const long long now = store::now_seconds();
  const std::string account_bucket = "login:account:" + email;
  const std::string ip_bucket = "login:ip:" + ip;

  // One attempt is reserved in both budgets BEFORE the password is checked, in one conditional
  // statement per budget: of N concurrent wrong passwords, at most the limit are ever checked.
  // The reservation stays as the failure; a right password gives it back.
  bool taken = write([&](soci::session& sql) {
    if (store::take_rates(sql,
                          {{account_bucket, settings_.login_max_per_account, settings_.login_window_seconds},
                           {ip_bucket, settings_.login_max_per_ip, settings_.login_window_seconds}},
                          now))
      return true;
    audit_.record(sql, {0, email, ip}, "login.rate_limited", "", "");
    return false;
  });
  if (!taken) return {LoginResult::Status::rate_limited, {}};

  auto user = db_.read([&](soci::session& sql) { return repo_.find_user_by_email(sql, email); });
  // Hash even when the account does not exist, so that timing does not reveal it.
  static const std::string dummy = web::hash_password("trame-dummy-password-for-timing");
  bool good = web::verify_password(user ? user->password_hash : dummy, password) && user.has_value();

  // A disabled account gets the wrong-password answer whether or not the password was right
  // (after the same hash check), and the attempt counts as a failure: the answer tells nothing.
  if (!good || user->disabled) {
    write([&](soci::session& sql) {
      const char* action = !user ? "login.failed" : user->disabled ? "login.refused_disabled" : "login.failed";
      audit_.record(sql, {user ? user->id : 0, email, ip}, action, user ? "user:" + std::to_string(user->id) : "", "");
    });
    return {LoginResult::Status::invalid, {}};
  }
  if (web::password_needs_rehash(user->password_hash)) {
    std::string rehashed = web::hash_password(password);
    write([&](soci::session& sql) { repo_.update_password(sql, user->id, rehashed, now); });
  }

  std::string token = web::random_token(16);
  Session s;
  s.user_id = user->id;
  s.csrf_token = web::random_token(16);
  s.created_at = now;
  s.last_seen_at = now;
  s.expires_at = now + settings_.session_absolute_seconds;
  s.mfa_pending = user->totp_enabled ? 1 : 0;
  s.ip = ip;
  s.user_agent = printable_ascii(user_agent, 300);
  write([&](soci::session& sql) {
    repo_.insert_session(sql, web::sha256_hex(token), s);
    store::clear_rate(sql, account_bucket);
    store::give_back_rate(sql, ip_bucket);  // the IP budget counts failures only
    audit_.record(sql, {user->id, user->email, ip}, s.mfa_pending ? "login.password_ok" : "login.success",
                  "user:" + std::to_string(user->id), "");
  });
  return {s.mfa_pending ? LoginResult::Status::mfa_required : LoginResult::Status::ok, token};
}

Outcome Service::verify_second_factor(long long session_id, long long user_id, const std::string& code,
                                      const std::string& ip) {
  const long long now = store::now_seconds();
  const std::string bucket = "mfa:user:" + std::to_string(user_id);
  return write([&](soci::session& sql) {
    auto user = repo_.find_user(sql, user_id);
    if (!user || !user->totp_enabled) return Outcome::failure("mfa.errors.invalid_code", "code");
    // An attempt is reserved before the code is checked (one conditional statement, which on
    // PostgreSQL also holds the bucket's row until this transaction ends); it stays as a failure.
    if (!store::take_rate(sql, bucket, settings_.login_max_per_account, settings_.login_window_seconds, now)) {
      audit_.record(sql, {user_id, user->email, ip}, "login.mfa_rate_limited", "user:" + std::to_string(user_id), "");
      return Outcome::limited("accounts.errors.rate_limited", "code");
    }
    long long step = totp_match(totp_seed(*user), code, now);
    // The step advances only if no other request used this code (or a later one) first: a
    // conditional update, so that two concurrent requests cannot both use one code.
    if (step < 0 || step <= user->totp_last_step || !repo_.advance_totp_step(sql, user_id, step)) {
      audit_.record(sql, {user_id, user->email, ip}, "login.mfa_failed", "user:" + std::to_string(user_id), "");
      return Outcome::failure("mfa.errors.invalid_code", "code");
    }
    repo_.clear_mfa_pending(sql, session_id);
    store::clear_rate(sql, bucket);
    audit_.record(sql, {user_id, user->email, ip}, "login.success", "user:" + std::to_string(user_id), "mfa");
    return Outcome::success(user_id);
  });
}

void Service::forget_resolved() {
  std::lock_guard lock(resolved_mutex_);
  ++resolved_generation_;
  resolved_.clear();
}

std::optional<web::CurrentUser> Service::resolve(const std::string& token) {
  if (token.size() < 16 || token.size() > 64) return std::nullopt;
  const long long now = store::now_seconds();
  const std::string hash = web::sha256_hex(token);
  const auto clock = std::chrono::steady_clock::now();
  unsigned long long generation = 0;
  {
    std::lock_guard lock(resolved_mutex_);
    auto it = resolved_.find(hash);
    if (it != resolved_.end() && clock - it->second.at < kResolvedFor && now < it->second.expires_at &&
        now - it->second.last_seen_at < settings_.session_idle_seconds)
      return it->second.user;
    generation = resolved_generation_;
  }
  long long expires_at = 0, last_seen_at = 0;
  auto resolved = db_.read([&](soci::session& sql) -> std::optional<web::CurrentUser> {
    Session session;
    User found;
    if (!repo_.find_session_with_user(sql, hash, session, found)) return std::nullopt;
    const Session* s = &session;
    const User* user = &found;
    bool expired = now >= s->expires_at || now - s->last_seen_at > settings_.session_idle_seconds;
    if (user->disabled || expired) {
      repo_.revoke_session(sql, s->id, now);
      return std::nullopt;
    }
    if (now - s->last_seen_at >= 60) repo_.touch_session(sql, s->id, now);
    expires_at = s->expires_at;
    last_seen_at = now - s->last_seen_at >= 60 ? now : s->last_seen_at;
    web::CurrentUser cu;
    cu.id = user->id;
    cu.email = user->email;
    cu.name = user->name;
    cu.locale = user->locale;
    cu.session_id = s->id;
    cu.csrf_token = s->csrf_token;
    cu.mfa_pending = s->mfa_pending != 0;
    for (const auto& m : repo_.memberships(sql, user->id))
      cu.memberships.push_back({m.organisation_id, m.organisation_name, m.role});
    if (!user->totp_enabled) {
      std::string required = mfa_roles_setting(sql, now);
      for (const auto& m : cu.memberships)
        if (!m.role.empty() && ("," + required + ",").find("," + m.role + ",") != std::string::npos)
          cu.must_enrol_mfa = true;
    }
    return cu;
  });
  if (resolved) {
    std::lock_guard lock(resolved_mutex_);
    if (generation == resolved_generation_) {
      if (resolved_.size() >= kResolvedMax) resolved_.clear();
      resolved_[hash] = Resolved{*resolved, expires_at, last_seen_at, clock};
    }
  }
  return resolved;
}

void Service::logout(long long session_id, const Actor& actor) {
  write([&](soci::session& sql) {
    repo_.revoke_session(sql, session_id, store::now_seconds());
    audit_.record(sql, {actor.id, actor.label, actor.ip}, "logout", "session:" + std::to_string(session_id), "");
  });
}

std::vector<Session> Service::sessions_of(long long user_id) {
  return db_.read([&](soci::session& sql) {
    return repo_.active_sessions(sql, user_id, store::now_seconds(), settings_.session_idle_seconds);
  });
}

Outcome Service::revoke_session(const Actor& actor, long long user_id, long long session_id) {
  return write([&](soci::session& sql) {
    auto sessions = repo_.active_sessions(sql, user_id, store::now_seconds(), settings_.session_idle_seconds);
    bool owned = std::any_of(sessions.begin(), sessions.end(), [&](const Session& s) { return s.id == session_id; });
    if (!owned) return Outcome::not_found();
    repo_.revoke_session(sql, session_id, store::now_seconds());
    audit_.record(sql, {actor.id, actor.label, actor.ip}, "session.revoked", "session:" + std::to_string(session_id),
                  "");
    return Outcome::success(session_id);
  });
}

int Service::revoke_other_sessions(const Actor& actor, long long user_id, long long current_session_id) {
  return write([&](soci::session& sql) {
    int n = repo_.revoke_user_sessions(sql, user_id, current_session_id, store::now_seconds());
    audit_.record(sql, {actor.id, actor.label, actor.ip}, "session.revoked_all", "user:" + std::to_string(user_id),
                  std::to_string(n));
    return n;
  });
}

// ---- Account -------------------------------------------------------------------------

Outcome Service::change_password(const Actor& actor, long long user_id, long long session_id,
                                 const std::string& current, const std::string& fresh, const std::string& confirm) {
  auto user = find_user(user_id);
  if (!user) return Outcome::not_found();
  if (!web::verify_password(user->password_hash, current))
    return Outcome::failure("accounts.errors.current_password", "current_password");
  if (fresh != confirm) return Outcome::failure("accounts.errors.password_mismatch", "password_confirm");
  if (auto problem = password_problem(fresh, user->email)) return Outcome::failure(*problem, "password");
  std::string hash = web::hash_password(fresh);
  return write([&](soci::session& sql) {
    long long now = store::now_seconds();
    repo_.update_password(sql, user_id, hash, now);
    int revoked = repo_.revoke_user_sessions(sql, user_id, session_id, now);
    audit_.record(sql, {actor.id, actor.label, actor.ip}, "password.changed", "user:" + std::to_string(user_id),
                  "sessions_revoked=" + std::to_string(revoked));
    mail_.enqueue(sql, user->email, mail_text(user->locale, "mail.password_changed.subject", {}),
                  mail_text(user->locale, "mail.password_changed.body", {{"name", user->name}}));
    return Outcome::success(user_id);
  });
}

Outcome Service::update_profile(const Actor& actor, long long user_id, const std::string& raw_name,
                                const std::string& locale) {
  std::string name = trim(raw_name);
  if (name.empty() || name.size() > 200) return Outcome::failure("accounts.errors.name_required", "name");
  if (locale != "fr" && locale != "en") return Outcome::failure("accounts.errors.locale", "locale");
  return write([&](soci::session& sql) {
    repo_.update_profile(sql, user_id, name, locale);
    audit_.record(sql, {actor.id, actor.label, actor.ip}, "profile.updated", "user:" + std::to_string(user_id), "");
    return Outcome::success(user_id);
  });
}

DirectoryProfile Service::directory_profile(long long user_id) {
  return db_.read([&](soci::session& sql) { return repo_.directory_profile(sql, user_id); });
}

Outcome Service::update_directory_profile(const Actor& actor, long long user_id, const std::string& raw_title,
                                          bool visible) {
  std::string title = trim(raw_title);
  if (title.size() > 120) return Outcome::failure("profile.errors.job_title", "job_title");
  return write([&](soci::session& sql) {
    repo_.update_directory_profile(sql, user_id, title, visible ? 1 : 0);
    audit_.record(sql, actor, "profile.directory_updated", "user:" + std::to_string(user_id),
                  visible ? "visible" : "hidden");
    return Outcome::success(user_id);
  });
}

std::vector<DirectoryProfile> Service::visible_profiles(const std::string& query, long long page, long long per_page,
                                                        long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.visible_profile_count(sql, query);
    return repo_.visible_profiles(sql, query, (page - 1) * per_page, per_page);
  });
}

std::optional<User> Service::find_user(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.find_user(sql, id); });
}

std::vector<MembershipRow> Service::memberships(long long user_id) {
  return db_.read([&](soci::session& sql) { return repo_.memberships(sql, user_id); });
}

// ---- Password reset --------------------------------------------------------------------

bool Service::request_reset(const std::string& raw_email, const std::string& ip, const std::string& locale) {
  std::string email = utf8_prefix(lower(trim(raw_email)), kMaxEmailBytes);
  long long now = store::now_seconds();
  return write([&](soci::session& sql) {
    // Counted and checked in one statement per budget, in the transaction that sends the e-mail.
    if (!store::take_rates(sql,
                           {{"reset:account:" + email, settings_.reset_max_per_account, settings_.reset_window_seconds},
                            {"reset:ip:" + ip, settings_.reset_max_per_ip, settings_.reset_window_seconds}},
                           now)) {
      audit_.record(sql, {0, email, ip}, "password.reset_rate_limited", "", "");
      return false;
    }
    auto user = repo_.find_user_by_email(sql, email);
    if (!user || user->disabled) {
      audit_.record(sql, {0, email, ip}, "password.reset_requested_unknown", "", "");
      return true;
    }
    std::string token = web::random_token(32);
    repo_.insert_reset(sql, user->id, web::sha256_hex(token), now, now + settings_.reset_valid_seconds);
    std::string link = settings_.public_url + "/reinitialisation/" + token;
    mail_.enqueue(sql, user->email, mail_text(user->locale, "mail.reset.subject", {}),
                  mail_text(user->locale, "mail.reset.body", {{"name", user->name}, {"link", link}}));
    audit_.record(sql, {user->id, user->email, ip}, "password.reset_requested", "user:" + std::to_string(user->id), "");
    return true;
  });
}

bool Service::reset_token_valid(const std::string& token) {
  if (token.size() < 20 || token.size() > 64) return false;
  return db_.read([&](soci::session& sql) {
    return repo_.find_reset(sql, web::sha256_hex(token), store::now_seconds()).has_value();
  });
}

Outcome Service::reset_password(const std::string& token, const std::string& fresh, const std::string& confirm,
                                const std::string& ip) {
  if (token.size() < 20 || token.size() > 64) return Outcome::not_found("accounts.errors.link_invalid");
  auto found =
      db_.read([&](soci::session& sql) { return repo_.find_reset(sql, web::sha256_hex(token), store::now_seconds()); });
  if (!found) return Outcome::not_found("accounts.errors.link_invalid");
  auto user = find_user(found->second);
  if (!user) return Outcome::not_found("accounts.errors.link_invalid");
  if (fresh != confirm) return Outcome::failure("accounts.errors.password_mismatch", "password_confirm");
  if (auto problem = password_problem(fresh, user->email)) return Outcome::failure(*problem, "password");
  std::string hash = web::hash_password(fresh);
  return write([&](soci::session& sql) {
    long long now = store::now_seconds();
    // Single use: the conditional update fails if another request used the link first.
    if (!repo_.use_reset(sql, found->first, now)) return Outcome::not_found("accounts.errors.link_invalid");
    repo_.update_password(sql, user->id, hash, now);
    repo_.revoke_user_sessions(sql, user->id, 0, now);
    store::clear_rate(sql, "login:account:" + lower(user->email));
    audit_.record(sql, {user->id, user->email, ip}, "password.reset", "user:" + std::to_string(user->id), "");
    return Outcome::success(user->id);
  });
}

// ---- Invitations and users ----------------------------------------------------------------

Outcome Service::invite(const Actor& actor, const std::string& raw_email, const std::string& raw_name,
                        long long organisation_id, const std::string& role, const std::string& locale) {
  std::string email = lower(trim(raw_email));
  std::string name = trim(raw_name);
  if (!plausible_email(email)) return Outcome::failure("accounts.errors.email", "email");
  if (name.empty() || name.size() > 200) return Outcome::failure("accounts.errors.name_required", "name");
  if (!web::is_known_role(role)) return Outcome::failure("accounts.errors.role", "role");
  return write([&](soci::session& sql) {
    if (repo_.find_user_by_email(sql, email)) return Outcome::failure("accounts.errors.email_taken", "email");
    if (!repo_.organisation_exists(sql, organisation_id, true))
      return Outcome::failure("accounts.errors.organisation", "organisation");
    std::string token = web::random_token(32);
    Invitation inv;
    inv.email = email;
    inv.name = name;
    inv.organisation_id = organisation_id;
    inv.role = role;
    inv.invited_by = actor.id;
    inv.created_at = store::now_seconds();
    inv.expires_at = inv.created_at + settings_.invitation_valid_seconds;
    long long id = repo_.insert_invitation(sql, inv, web::sha256_hex(token));
    std::string link = settings_.public_url + "/invitation/" + token;
    std::string role_label = catalogue_.t(locale, "roles." + role);
    mail_.enqueue(sql, email, mail_text(locale, "mail.invitation.subject", {}),
                  mail_text(locale, "mail.invitation.body",
                            {{"name", name}, {"inviter", actor.label}, {"role", role_label}, {"link", link}}));
    audit_.record(sql, {actor.id, actor.label, actor.ip}, "invitation.sent", "invitation:" + std::to_string(id),
                  email + " " + role + "@" + std::to_string(organisation_id));
    return Outcome::success(id);
  });
}

std::optional<Invitation> Service::find_invitation(const std::string& token) {
  if (token.size() < 20 || token.size() > 64) return std::nullopt;
  return db_.read(
      [&](soci::session& sql) { return repo_.find_invitation(sql, web::sha256_hex(token), store::now_seconds()); });
}

Outcome Service::accept_invitation(const std::string& token, const std::string& raw_name, const std::string& password,
                                   const std::string& confirm, const std::string& ip) {
  auto inv = find_invitation(token);
  if (!inv) return Outcome::not_found("accounts.errors.link_invalid");
  std::string name = trim(raw_name);
  if (name.empty() || name.size() > 200) return Outcome::failure("accounts.errors.name_required", "name");
  if (password != confirm) return Outcome::failure("accounts.errors.password_mismatch", "password_confirm");
  if (auto problem = password_problem(password, inv->email)) return Outcome::failure(*problem, "password");
  std::string hash = web::hash_password(password);
  return write([&](soci::session& sql) {
    long long now = store::now_seconds();
    if (!repo_.accept_invitation(sql, inv->id, now)) return Outcome::not_found("accounts.errors.link_invalid");
    if (repo_.find_user_by_email(sql, inv->email)) return Outcome::failure("accounts.errors.email_taken");
    User u;
    u.email = inv->email;
    u.name = name;
    u.password_hash = hash;
    u.created_at = now;
    long long id = repo_.insert_user(sql, u);
    repo_.add_membership(sql, id, inv->organisation_id, inv->role);
    audit_.record(sql, {id, inv->email, ip}, "invitation.accepted", "user:" + std::to_string(id),
                  inv->role + "@" + std::to_string(inv->organisation_id));
    return Outcome::success(id);
  });
}

std::vector<Invitation> Service::pending_invitations() {
  return db_.read([&](soci::session& sql) { return repo_.pending_invitations(sql, store::now_seconds(), 50); });
}

Outcome Service::add_user(const Actor& actor, const std::string& raw_email, const std::string& raw_name,
                          const std::string& role, long long organisation_id, const std::string& password) {
  if (auto checked = check_new_user(raw_email, raw_name, role, password); !checked.ok) return checked;
  std::string hash = web::hash_password(password);
  return write(
      [&](soci::session& sql) { return add_user(sql, actor, raw_email, raw_name, role, organisation_id, hash); });
}

Outcome Service::check_new_user(const std::string& raw_email, const std::string& raw_name, const std::string& role,
                                const std::optional<std::string>& password) const {
  std::string email = lower(trim(raw_email));
  std::string name = trim(raw_name);
  if (!plausible_email(email)) return Outcome::failure("accounts.errors.email", "email");
  if (name.empty()) return Outcome::failure("accounts.errors.name_required", "name");
  if (!web::is_known_role(role)) return Outcome::failure("accounts.errors.role", "role");
  if (password)
    if (auto problem = password_problem(*password, email)) return Outcome::failure(*problem, "password");
  return Outcome::success();
}

Outcome Service::add_user(soci::session& sql, const Actor& actor, const std::string& raw_email,
                          const std::string& raw_name, const std::string& role, long long organisation_id,
                          const std::string& password_hash) {
  std::string email = lower(trim(raw_email));
  std::string name = trim(raw_name);
  if (repo_.find_user_by_email(sql, email)) return Outcome::failure("accounts.errors.email_taken", "email");
  if (!repo_.organisation_exists(sql, organisation_id, false))
    return Outcome::failure("accounts.errors.organisation", "organisation");
  User u;
  u.email = email;
  u.name = name;
  u.password_hash = password_hash;
  u.created_at = store::now_seconds();
  long long id = repo_.insert_user(sql, u);
  repo_.add_membership(sql, id, organisation_id, role);
  audit_.record(sql, {actor.id, actor.label, actor.ip}, "user.created", "user:" + std::to_string(id),
                role + "@" + std::to_string(organisation_id));
  return Outcome::success(id);
}

std::string Service::first_password_link(soci::session& sql, long long user_id) {
  long long now = store::now_seconds();
  std::string token = web::random_token(32);
  repo_.insert_reset(sql, user_id, web::sha256_hex(token), now, now + settings_.invitation_valid_seconds);
  return settings_.public_url + "/reinitialisation/" + token;
}

std::vector<UserSummary> Service::users(const std::string& query, long long page, long long per_page,
                                        long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.user_count(sql, query);
    return repo_.user_page(sql, query, (page - 1) * per_page, per_page);
  });
}

Outcome Service::set_disabled(const Actor& actor, long long user_id, bool disabled) {
  if (user_id == actor.id && disabled) return Outcome::failure("accounts.errors.cannot_disable_self");
  return write([&](soci::session& sql) {
    if (!repo_.find_user(sql, user_id)) return Outcome::not_found();
    repo_.set_disabled(sql, user_id, disabled ? 1 : 0);
    if (disabled) repo_.revoke_user_sessions(sql, user_id, 0, store::now_seconds());
    audit_.record(sql, {actor.id, actor.label, actor.ip}, disabled ? "user.disabled" : "user.enabled",
                  "user:" + std::to_string(user_id), "");
    return Outcome::success(user_id);
  });
}

Outcome Service::add_role(const Actor& actor, long long user_id, long long organisation_id, const std::string& role) {
  if (!web::is_known_role(role)) return Outcome::failure("accounts.errors.role", "role");
  return write([&](soci::session& sql) {
    if (!repo_.find_user(sql, user_id)) return Outcome::not_found();
    if (!repo_.organisation_exists(sql, organisation_id, false))
      return Outcome::failure("accounts.errors.organisation", "organisation");
    if (!repo_.add_membership(sql, user_id, organisation_id, role))
      return Outcome::failure("accounts.errors.role_exists", "role");
    audit_.record(sql, {actor.id, actor.label, actor.ip}, "user.role_added", "user:" + std::to_string(user_id),
                  role + "@" + std::to_string(organisation_id));
    return Outcome::success(user_id);
  });
}

Outcome Service::remove_role(const Actor& actor, long long user_id, long long membership_id) {
  return write([&](soci::session& sql) {
    auto rows = repo_.memberships(sql, user_id);
    auto it = std::find_if(rows.begin(), rows.end(), [&](const MembershipRow& m) { return m.id == membership_id; });
    if (it == rows.end()) return Outcome::not_found();
    if (it->role == "administrator" && user_id == actor.id)
      return Outcome::failure("accounts.errors.cannot_demote_self");
    repo_.remove_membership(sql, membership_id, user_id);
    audit_.record(sql, {actor.id, actor.label, actor.ip}, "user.role_removed", "user:" + std::to_string(user_id),
                  it->role + "@" + std::to_string(it->organisation_id));
    return Outcome::success(user_id);
  });
}

// ---- Second factor ---------------------------------------------------------------------

long long Service::totp_match(const std::string& base32_secret, const std::string& code, long long now) {
  if (code.size() != 6 || !std::all_of(code.begin(), code.end(), [](unsigned char c) { return std::isdigit(c); }))
    return -1;
  char* secret = nullptr;
  size_t secret_len = 0;
  if (oath_base32_decode(base32_secret.c_str(), base32_secret.size(), &secret, &secret_len) != OATH_OK) return -1;
  int pos = 0;
  uint64_t counter = 0;
  int rc = oath_totp_validate3(secret, secret_len, static_cast<time_t>(now), 30, 0, 1, &pos, &counter, code.c_str());
  free(secret);
  return rc >= 0 ? static_cast<long long>(counter) : -1;
}

std::string Service::totp_code(const std::string& base32_secret, long long now) {
  char* secret = nullptr;
  size_t secret_len = 0;
  if (oath_base32_decode(base32_secret.c_str(), base32_secret.size(), &secret, &secret_len) != OATH_OK) return {};
  char otp[10] = {0};
  oath_totp_generate(secret, secret_len, static_cast<time_t>(now), 30, 0, 6, otp);
  free(secret);
  return otp;
}

// TOTP seeds are stored sealed (XChaCha20-Poly1305) under a key derived from secret_key and bound to
// the user's id, so that reading the database does not give the second factor, and a seed copied onto
// another account does not open. Seeds stored in clear (before this) are sealed at startup.
std::string Service::seal_totp(long long user_id, const std::string& base32) const {
  return web::seal(settings_.keys.current(web::kTotpContext), base32, "totp;user:" + std::to_string(user_id));
}

std::string Service::totp_seed(const User& user) const {
  if (user.totp_secret.empty()) return {};
  if (!web::is_sealed(user.totp_secret)) return user.totp_secret;  // legacy, until resealed
  const std::string context = "totp;user:" + std::to_string(user.id);
  if (auto key = settings_.keys.find(web::kTotpContext, web::sealed_key_id(user.totp_secret)))
    if (auto seed = web::unseal(*key, user.totp_secret, context)) return *seed;
  spdlog::error("le secret TOTP du compte {} ne peut pas être déchiffré (clé {} inconnue ou donnée altérée)", user.id,
                web::sealed_key_id(user.totp_secret));
  return {};
}

long long Service::reseal_totp_seeds() {
  auto seeds = db_.read([&](soci::session& sql) { return repo_.totp_seeds(sql); });
  long long resealed = 0;
  for (const auto& seed_row : seeds) {
    const long long id = seed_row.first;
    const std::string& stored = seed_row.second;
    if (web::sealed_key_id(stored) == settings_.keys.current(web::kTotpContext).id) continue;
    User u;
    u.id = id;
    u.totp_secret = stored;
    std::string seed = totp_seed(u);
    if (seed.empty()) continue;  // unreadable: logged, left as is
    std::string sealed = seal_totp(id, seed);
    if (write([&](soci::session& sql) { return repo_.replace_totp_secret(sql, id, stored, sealed); })) ++resealed;
  }
  return resealed;
}

TotpEnrolment Service::begin_totp(long long user_id) {
  auto user = find_user(user_id);
  TotpEnrolment e;
  if (!user) return e;
  if (!user->totp_enabled && !user->totp_secret.empty() && !totp_seed(*user).empty()) {
    e.secret = totp_seed(*user);  // a pending enrolment keeps its secret across page loads
  } else {
    unsigned char raw[20];
    randombytes_buf(raw, sizeof raw);
    char* out = nullptr;
    size_t out_len = 0;
    oath_base32_encode(reinterpret_cast<const char*>(raw), sizeof raw, &out, &out_len);
    e.secret.assign(out, out_len);
    free(out);
    e.secret.erase(std::remove(e.secret.begin(), e.secret.end(), '='), e.secret.end());
    if (!user->totp_enabled)
      write([&](soci::session& sql) { repo_.update_totp(sql, user_id, seal_totp(user_id, e.secret), 0, 0); });
  }
  e.uri = "otpauth://totp/Trame:" + user->email + "?secret=" + e.secret + "&issuer=Trame&digits=6&period=30";
  return e;
}

Outcome Service::confirm_totp(const Actor& actor, long long user_id, const std::string& code) {
  return write([&](soci::session& sql) {
    auto user = repo_.find_user(sql, user_id);
    if (!user || user->totp_secret.empty()) return Outcome::failure("mfa.errors.not_started");
    if (user->totp_enabled) return Outcome::failure("mfa.errors.already_enabled");
    long long step = totp_match(totp_seed(*user), code, store::now_seconds());
    if (step < 0) return Outcome::failure("mfa.errors.invalid_code", "code");
    repo_.update_totp(sql, user_id, seal_totp(user_id, totp_seed(*user)), 1, step);
    audit_.record(sql, {actor.id, actor.label, actor.ip}, "mfa.enabled", "user:" + std::to_string(user_id), "");
    return Outcome::success(user_id);
  });
}

Outcome Service::disable_totp(const Actor& actor, long long user_id, const std::string& password) {
  auto user = find_user(user_id);
  if (!user) return Outcome::not_found();
  if (!web::verify_password(user->password_hash, password))
    return Outcome::failure("accounts.errors.current_password", "password");
  return write([&](soci::session& sql) {
    repo_.update_totp(sql, user_id, "", 0, 0);
    audit_.record(sql, {actor.id, actor.label, actor.ip}, "mfa.disabled", "user:" + std::to_string(user_id), "");
    return Outcome::success(user_id);
  });
}

// Read by every request of a user without a second factor: kept 5 seconds (dropped at once when
// changed through this instance).
std::string Service::mfa_roles_setting(soci::session& sql, long long now) {
  {
    std::lock_guard lock(mfa_roles_mutex_);
    if (mfa_roles_at_ >= 0 && now >= mfa_roles_at_ && now - mfa_roles_at_ < 5) return mfa_roles_;
  }
  std::string value = store::setting(sql, "mfa_required_roles");
  std::lock_guard lock(mfa_roles_mutex_);
  mfa_roles_ = value;
  mfa_roles_at_ = now;
  return value;
}

std::set<std::string> Service::mfa_required_roles() {
  std::string value = db_.read([&](soci::session& sql) { return store::setting(sql, "mfa_required_roles"); });
  std::set<std::string> out;
  std::size_t pos = 0;
  while (pos <= value.size()) {
    auto comma = value.find(',', pos);
    std::string role = value.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    if (!role.empty()) out.insert(role);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return out;
}

Outcome Service::set_mfa_required_roles(const Actor& actor, const std::set<std::string>& roles) {
  std::string value;
  for (const auto& r : roles) {
    if (!web::is_known_role(r)) return Outcome::failure("accounts.errors.role", "roles");
    value += (value.empty() ? "" : ",") + r;
  }
  return write([&](soci::session& sql) {
    store::set_setting(sql, "mfa_required_roles", value);
    audit_.record(sql, {actor.id, actor.label, actor.ip}, "security.mfa_roles_changed", "settings", value);
    std::lock_guard lock(mfa_roles_mutex_);
    mfa_roles_at_ = -1;
    return Outcome::success();
  });
}

bool Service::claim_submission(const std::string& id) {
  if (id.size() < 8 || id.size() > 64) return true;  // not a Trame id: nothing to guard
  return write([&](soci::session& sql) { return store::claim_submission(sql, id, store::now_seconds()); });
}

void Service::release_submission(const std::string& id) {
  write([&](soci::session& sql) { store::release_submission(sql, id); });
}

}  // namespace trame::accounts
