// Certificates (parchemins) of a certification: one per candidate of an evaluation session whose
// minutes are locked and who validated at least one block there; complete when every block of the
// registration's version is acquired (blocks validated in earlier sessions count until the
// certification's validity end), partial otherwise. Each has a signed public code (code.hpp), its
// PDF and the PDF's SHA-256; the certifier's staff may revoke one (with a reason) and export the
// holders for the national training-account system.
#pragma once
#include <string>
#include <vector>

namespace trame::certificates {

struct Certificate {
  long long id = 0;
  long long registration_id = 0;
  long long session_id = 0;
  bool complete = false;
  std::string blocks;  // acquired blocks' codes, comma-separated
  long long issued_at = 0;
  std::string key_id;
  std::string sha256;
  long long revoked_at = 0;
  std::string revoked_reason;
  long long exported_at = 0;
  // Read with it: the holder, the certification (the registration's version) and the session.
  long long certification_id = 0;
  long long owner_id = 0;
  std::string owner_name;
  long long user_id = 0;
  std::string holder_name, holder_email, registration_code, birth_date;
  std::string certification_title, register_, registration_number, decision_date, validity_end;
  std::string session_title, session_day;
};

// What an evaluation session is, for issuing: its certification's owner and its minutes.
struct SessionState {
  long long id = 0;
  long long certification_id = 0;
  long long owner_id = 0;
  std::string title, day, certification_title;
  long long minutes_locked_at = 0;  // 0: no minutes, or not yet confirmed by every jury member
};

// A candidate of a session, with the blocks of their registration's version.
struct Candidate {
  long long entry_id = 0;
  long long registration_id = 0;
  long long version_id = 0;
  std::string validity_end;  // of the registration's version, 'YYYY-MM-DD' or ''
};

struct BlockRef {
  long long id = 0;
  std::string code, title;
};

// Results of a certification's sessions whose certificates are not yet exported.
struct ExportReminder {
  long long certification_id = 0;
  long long owner_id = 0;
  std::string title;
  long long count = 0;
  long long oldest = 0;  // the oldest such certificate's issue time
};

struct BlockFigure {
  std::string code, title;
  long long decided = 0, validated = 0;
};

// One year of a certification's public figures (the year of the sessions' day).
struct YearFigures {
  std::string year;
  long long assessed = 0;  // candidates deliberated (a decision on at least one block)
  long long complete = 0;  // complete certificates (not revoked)
  std::vector<BlockFigure> blocks;
};

struct Name {
  std::string last, first;
};
// An account holds one name: the last word is the last name, the rest the first names; a trailing
// parenthesised note stays with the last name ("Claire Morvan (fictive)" → Morvan (fictive), Claire).
// A single word is a last name without first name.
Name split_name(const std::string& full);

// The codes of a comma-separated list ("BC01,BC03").
std::vector<std::string> block_codes(const std::string& list);

}  // namespace trame::certificates
