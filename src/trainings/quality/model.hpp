// Quality registers: complaints, improvement actions, the Qualiopi evidence page per programme, yearly figures for the
// pedagogical and financial statement. Plain data of the quality module.
#pragma once
#include <string>
#include <vector>

#include "platform/core/permissions.hpp"

namespace trame::quality {

inline const std::vector<std::string>& complainant_kinds() {
  static const std::vector<std::string> v = {"trainee", "funder", "trainer", "employer", "other"};
  return v;
}
inline const std::vector<std::string>& complaint_statuses() {
  static const std::vector<std::string> v = {"received", "acknowledged", "assigned", "answered", "closed"};
  return v;
}
inline const std::vector<std::string>& action_sources() {
  static const std::vector<std::string> v = {"complaint", "dropout", "questionnaire", "audit", "other"};
  return v;
}
inline const std::vector<std::string>& action_statuses() {
  static const std::vector<std::string> v = {"open", "done", "abandoned"};
  return v;
}

struct Complaint {
  long long id = 0;
  long long organisation_id = 0;
  std::string organisation_name;
  long long programme_id = 0;
  std::string programme_title;
  long long session_id = 0;
  std::string session_title;
  std::string complainant_kind;
  std::string complainant_name;
  std::string complainant_email;
  long long user_id = 0;
  std::string subject;
  std::string body;
  std::string status;
  long long assigned_to = 0;
  std::string assignee_name;
  long long received_at = 0;
  long long acknowledged_at = 0;
  long long due_at = 0;
  std::string answer;
  long long answered_at = 0;
  long long closed_at = 0;
  std::string closing_note;
  bool overdue(long long now) const { return status != "answered" && status != "closed" && due_at < now; }
};

struct ComplaintInput {
  long long organisation_id = 0;
  long long programme_id = 0;
  long long session_id = 0;
  std::string kind;
  std::string name;
  std::string email;
  std::string subject;
  std::string body;
  long long user_id = 0;
};

struct ComplaintFilter {
  std::string status;  // "" for any
  bool overdue = false;
};

struct Choice {
  long long id = 0;
  std::string label;
  long long parent_id = 0;  // the organiser (programmes, members) or the programme (sessions)
};

struct Action {
  long long id = 0;
  long long organisation_id = 0;
  std::string organisation_name;
  long long programme_id = 0;
  std::string programme_title;
  std::string source;
  long long complaint_id = 0;
  std::string complaint_subject;
  long long application_id = 0;
  std::string trainee_name;
  std::string title;
  std::string description;
  long long owner_id = 0;
  std::string owner_name;
  std::string due_on;
  std::string status;
  std::string result;
  long long done_at = 0;
  long long created_at = 0;
};

struct ActionInput {
  long long organisation_id = 0;
  long long programme_id = 0;
  std::string source;
  long long complaint_id = 0;
  long long application_id = 0;
  std::string title;
  std::string description;
  long long owner_id = 0;
  std::string due_on;
};

// One Qualiopi indicator: what Trame holds, what is missing.
struct Indicator {
  std::string number;
  std::string title_key;
  std::vector<std::string> held;
  std::vector<std::string> missing;
};

// Yearly figures for the bilan pédagogique et financier.
struct FigureRow {
  std::string key;  // funder code or nature, "none" for trainees without a funding line
  long long trainees = 0;
  long long minutes = 0;
};
struct YearFigures {
  int year = 0;
  long long organisation_id = 0;
  std::string organisation_name;
  long long trainees = 0;
  long long minutes = 0;
  std::vector<FigureRow> by_funder;
  std::vector<FigureRow> by_nature;
  // BPF (Cerfa 10443): F-1 lines (every line, zeros included), the trainees' own statuses, and the
  // products (C lines, cents in FigureRow::minutes' place: see products) by funder type.
  std::vector<FigureRow> by_bpf_line;
  std::vector<FigureRow> by_status;  // key: trainee status, "unknown" when not given
  struct Product {
    std::string key;  // bpf::product_lines()
    long long cents = 0;
  };
  std::vector<Product> products;
  long long products_cents = 0;
};

}  // namespace trame::quality
