// What every service call shares: who acts (for the audit log) and how a use case ended.
// Errors are translation-catalogue keys, so that services never hold user-facing text.
#pragma once
#include <string>

namespace trame {

struct Actor {
  long long id = 0;       // 0: the system or an anonymous visitor
  std::string label;      // e-mail or "système", for the audit log
  std::string ip;
};

struct Outcome {
  bool ok = true;
  std::string error;      // catalogue key, when !ok
  std::string field;      // the form field at fault, if any
  long long id = 0;       // the id created or changed

  static Outcome success(long long id = 0) { return Outcome{true, {}, {}, id}; }
  static Outcome failure(std::string key, std::string field = {}) { return Outcome{false, std::move(key), std::move(field), 0}; }
  // Refused because the thing does not exist or is not the caller's (a 404/403 page, not a form error).
  bool denied() const { return !ok && (error == "errors.404.message" || error == "errors.403.message"); }
};

}  // namespace trame
