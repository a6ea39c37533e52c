// Generated documents of a training: convocation, certificate of completion, completion attestation, individual hours
// statement; stored with their hash and sending date. Plain data of the training_documents module.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace trame::training_documents {

// The kinds this module generates (attendance sheets are written by the attendance module).
inline const std::vector<std::string>& generated_kinds() {
  static const std::vector<std::string> kinds = {"convocation", "certificate", "attestation", "hours_statement"};
  return kinds;
}
inline bool is_generated_kind(const std::string& kind) {
  for (const auto& k : generated_kinds())
    if (k == kind) return true;
  return false;
}

// What every document of a session prints.
struct SessionInfo {
  long long id = 0;
  long long programme_id = 0;
  long long organiser_id = 0;
  std::string organiser_name;
  std::string organiser_town;  // the organiser's commune ("Fait à …"); "" when unknown
  std::string programme_title;
  std::string title;
  std::string theme;
  std::string place;
  std::string address;
  std::string access;
  std::string rules;
  std::string status;
  std::string objectives;
  std::string evaluation_methods;
  std::string nature;
  std::string disability_contact;
  long long starts_at = 0;
  long long ends_at = 0;
  std::vector<std::string> trainers;  // names
  std::string logo_png;               // the organiser's logo when it is a PNG (bytes), else ""
};

struct HalfDay {
  long long id = 0;
  std::string day;      // YYYY-MM-DD
  std::string period;   // am, pm
  std::string seminar;  // title, "" when none
  long long starts_at = 0;
  long long ends_at = 0;
  long long minutes = 0;
};

struct Trainee {
  long long application_id = 0;
  long long user_id = 0;
  std::string name;
  std::string email;
  std::string status;
  std::string organisation_name;
};

// A stored document (data only filled when downloading).
struct Document {
  long long id = 0;
  std::string kind;
  long long session_id = 0;
  long long application_id = 0;
  long long trainee_user_id = 0;
  std::string trainee_name;
  std::string session_title;
  std::string programme_title;
  std::string file_name;
  std::string sha256;
  std::string data;  // the PDF's bytes
  long long size_bytes = 0;
  long long created_at = 0;
  long long sent_at = 0;
};

// Attendance of one trainee: half-day id → present, absent, excused.
using AttendanceMap = std::map<long long, std::string>;

}  // namespace trame::training_documents
