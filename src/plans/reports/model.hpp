// The yearly activity report (docs/plans.md « Yearly report »): what the PDF and the XLSX are made of — the
// plan whose period ends in the year (its axes, objectives and indicators as its page shows them), the key
// figures of the period from the plans' catalogue, the consented quotes and the annex's tables.
#pragma once
#include <string>
#include <vector>

#include "plans/plans/service.hpp"
#include "platform/docs/tabular.hpp"

namespace trame::plans::reports {

inline constexpr long long kSmallCount = 5;  // people counted 1 to 4 are shown « < 5 »
inline constexpr long long kMaxQuotes = 8;

// One key figure of the summary: a key of the plans' catalogue computed over the report's period.
struct Figure {
  std::string key;
  double value = 0;
  bool people = false;  // counts people or their bookings: masked below kSmallCount
};

// One table of the annex, and one sheet of the workbook.
struct Table {
  std::string key;  // reports.tables.<key>: its title and sheet name
  std::vector<std::string> headers;
  std::vector<double> widths;
  std::vector<docs::Row> rows;
  std::vector<std::size_t> pdf_skip;  // columns the PDF's annex leaves out (too wide for a page)
};

struct Quote {
  std::string text, author, context;
};

// One relais (organisation of the scope that booked) and one training programme over the period.
struct RelaisLine {
  std::string name;
  long long places = 0, people = 0;
};
struct ProgrammeLine {
  std::string title;
  long long sessions = 0, minutes = 0;
};

struct Report {
  long long organisation_id = 0;
  std::string organisation;
  int year = 0;
  bool has_plan = false;
  plans::PlanView plan;          // its axes (has_plan only)
  std::string from_iso, to_iso;  // the period covered, both days included
  long long generated_at = 0;
  std::string logo_png;  // the organisation's logo when it is a PNG
  std::vector<Figure> summary;
  std::vector<std::string> months;  // YYYY-MM of the period
  std::vector<long long> places_per_month, people_per_month;
  std::vector<Quote> quotes;
  std::vector<Table> tables;  // the annex (and the workbook's sheets)
};

}  // namespace trame::plans::reports
