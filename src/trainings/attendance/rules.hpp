// The pure rules of attendance sheets: when a sheet may be opened and signed, what a code looks like,
// which statuses exist. No database, no clock: callers pass `now` (store::now_seconds()).
#pragma once
#include <string>
#include <string_view>

namespace trame::attendance {

// A sheet may be opened from this long before the half-day's start until its end.
inline constexpr long long kOpenLeadSeconds = 30 * 60;
// Wrong codes a trainee may type on one sheet before signing is refused.
inline constexpr long long kMaxCodeAttempts = 5;
// ... counted over this window (longer than any half-day; store/rate_limits purges after a day).
inline constexpr long long kCodeAttemptsWindow = 12 * 3600;

enum class Window { too_early, open, ended };

// Where `now` falls for a half-day [starts_at, ends_at): before the opening, inside it, or after the end.
inline Window sign_window(long long now, long long starts_at, long long ends_at) {
  if (now < starts_at - kOpenLeadSeconds) return Window::too_early;
  if (now >= ends_at) return Window::ended;
  return Window::open;
}

// Six digits, nothing else (blanks around are trimmed by the caller).
inline bool valid_code(std::string_view code) {
  if (code.size() != 6) return false;
  for (char c : code)
    if (c < '0' || c > '9') return false;
  return true;
}

// The typed code without spaces (people copy "123 456").
inline std::string normalise_code(std::string_view typed) {
  std::string out;
  for (char c : typed)
    if (c != ' ' && c != '\t' && c != '-' && c != '\r' && c != '\n') out += c;
  return out;
}

inline bool valid_status(std::string_view s) {
  return s == "present" || s == "absent" || s == "excused";
}
inline bool valid_cause(std::string_view c) {
  return c == "health" || c == "work" || c == "personal" || c == "content" || c == "funding" || c == "other";
}
inline bool valid_channel(std::string_view c) {
  return c == "phone" || c == "email" || c == "meeting" || c == "letter";
}
inline bool valid_mode(std::string_view m) {
  return m == "meeting" || m == "phone" || m == "visio";
}
// Applications that may drop out (not before admission, not once finished).
inline bool may_drop_out(std::string_view status) {
  return status == "admitted" || status == "confirmed";
}
// Applications that may sign a sheet.
inline bool may_sign(std::string_view status) {
  return status == "admitted" || status == "confirmed" || status == "completed";
}

// "3 h 30" for 210 minutes.
inline std::string hours_text(long long minutes) {
  std::string h = std::to_string(minutes / 60) + " h";
  if (minutes % 60) {
    long long m = minutes % 60;
    h += " " + std::string(m < 10 ? "0" : "") + std::to_string(m);
  }
  return h;
}

}  // namespace trame::attendance
