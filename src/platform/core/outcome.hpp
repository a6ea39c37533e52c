// What every service call shares: who acts (for the audit log) and how a use case ended.
// An outcome carries a code (what kind of failure: the HTTP layer maps it to a status in one place,
// web::status_of) separate from its message (a translation-catalogue key, so that services never
// hold user-facing text) and from the form field it concerns.
#pragma once
#include <string>
#include <utility>

namespace trame {

struct Actor {
  long long id = 0;   // 0: the system or an anonymous visitor
  std::string label;  // e-mail or "système", for the audit log
  std::string ip;
};

// What kind of failure an outcome is. The web layer answers: not_found 404, denied 403 (both a page,
// not a form error), invalid 422 (the form again with its message), conflict 409 (the state changed
// meanwhile: full, already decided, taken), limited 429 (too many attempts from this address or for
// this object: the form again with its message), gone 410 (it existed but is over: a closed link, an
// expired invitation; a page), unavailable 503 (a service down, try again).
enum class Failure { none, not_found, denied, invalid, conflict, limited, gone, unavailable };

struct Outcome {
  bool ok = true;
  std::string error;  // catalogue key, when !ok
  std::string field;  // the form field at fault, if any
  long long id = 0;   // the id created or changed
  Failure code = Failure::none;

  static Outcome success(long long id = 0) { return Outcome{true, {}, {}, id, Failure::none}; }
  // Bad input: the message's key and the field at fault (code invalid). The two generic page keys
  // keep their meaning: "errors.404.message" is not_found, "errors.403.message" denied.
  static Outcome failure(std::string key, std::string field = {}) {
    Failure code = key == "errors.404.message"   ? Failure::not_found
                   : key == "errors.403.message" ? Failure::denied
                                                 : Failure::invalid;
    return Outcome{false, std::move(key), std::move(field), 0, code};
  }
  // The object does not exist, or is not one the actor may see (the same answer for both, so that
  // an id of another organisation reveals nothing).
  static Outcome not_found(std::string key = "errors.404.message") {
    return Outcome{false, std::move(key), {}, 0, Failure::not_found};
  }
  // The actor sees the object but may not do this to it.
  static Outcome forbidden(std::string key = "errors.403.message") {
    return Outcome{false, std::move(key), {}, 0, Failure::denied};
  }
  // The input was right but the state changed meanwhile (no place left, already decided, taken).
  static Outcome conflict(std::string key, std::string field = {}) {
    return Outcome{false, std::move(key), std::move(field), 0, Failure::conflict};
  }
  // Too many attempts in the window (a rate limit): nothing was changed, the form is shown again.
  static Outcome limited(std::string key, std::string field = {}) {
    return Outcome{false, std::move(key), std::move(field), 0, Failure::limited};
  }
  // The object existed but can no longer be used (a closed or expired link).
  static Outcome gone(std::string key) { return Outcome{false, std::move(key), {}, 0, Failure::gone}; }
  // A service the use case needs is down: nothing was changed, the same request may succeed later.
  static Outcome unavailable(std::string key) { return Outcome{false, std::move(key), {}, 0, Failure::unavailable}; }

  // Refused as a page (404/403), not as a form error.
  bool denied() const { return code == Failure::not_found || code == Failure::denied; }
};

// The one way to stop a write transaction with an outcome: thrown inside Database::write, it rolls
// everything back; Database::attempt (or the caller's catch) returns its outcome.
struct Rollback {
  Outcome outcome;
};
[[noreturn]] inline void roll_back(Outcome outcome) {
  throw Rollback{std::move(outcome)};
}
[[noreturn]] inline void refuse(std::string key, std::string field = {}) {
  throw Rollback{Outcome::failure(std::move(key), std::move(field))};
}

}  // namespace trame
