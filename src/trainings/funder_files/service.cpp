#include "trainings/funder_files/service.hpp"

#include <algorithm>
#include <set>

#include "platform/core/calendar.hpp"
#include "platform/docs/pdf.hpp"
#include "platform/web/crypto.hpp"
#include "trainings/agreements/service.hpp"
#include "trainings/enrolments/rules.hpp"
#include "trainings/funder_files/programme_pdf.hpp"
#include "trainings/invoices/service.hpp"
#include "trainings/legal/service.hpp"
#include "trainings/programmes/repository.hpp"
#include "trainings/quotes/service.hpp"
#include "trainings/training_documents/repository.hpp"

namespace trame::funder_files {

namespace {

// Two digits: the part's place in the archive (01 quote … 07 invoice).
std::string prefix_of(const std::string& part) {
  const auto& all = parts();
  auto it = std::find(all.begin(), all.end(), part);
  long long n = (it - all.begin()) + 1;
  return (n < 10 ? "0" : "") + std::to_string(n) + "-";
}

// A name inside the archive: no folder, no control character (what other modules name their files).
std::string archive_name(const std::string& part, const std::string& file_name) {
  std::string clean;
  for (unsigned char c : file_name)
    clean += (c < 0x20 || c == '/' || c == '\\' || c == 0x7f) ? '-' : static_cast<char>(c);
  if (clean.empty() || clean == "." || clean == "..") clean = "document.pdf";
  return prefix_of(part) + clean;
}

// Files handed over by the quotes, agreements and invoices modules: held, hashed here.
void add_stored(Manifest& m, const std::string& part, const std::vector<training_documents::StoredFile>& files) {
  for (const auto& f : files) {
    Entry e;
    e.part = part;
    e.name = archive_name(part, f.file_name);
    e.data = f.data;
    e.sha256 = web::sha256_hex(f.data);
    e.size = static_cast<long long>(f.data.size());
    e.created_at = f.created_at;
    m.entries.push_back(std::move(e));
  }
}

// A document of the training_documents table, read when its turn comes.
Entry stored_document(const std::string& part, const std::string& name, const training_documents::Document& d) {
  Entry e;
  e.part = part;
  e.name = prefix_of(part) + name;
  e.sha256 = d.sha256;
  e.size = d.size_bytes;
  e.created_at = d.created_at;
  e.document_id = d.id;
  return e;
}

std::string sheet_date(const training_documents::HalfDay& h) {
  return short_french_date(h.day);
}

}  // namespace

std::optional<programmes::SessionAccess> Service::managed(const Principal& me, long long session_id) {
  return db_.read([&](soci::session& sql) -> std::optional<programmes::SessionAccess> {
    auto a = programmes::session_access(sql, &me, session_id);
    if (!a || !a->manager) return std::nullopt;
    return a;
  });
}

Manifest Service::build(soci::session& sql, long long session_id, const FunderLine& line, bool with_programme,
                        long long now) {
  training_documents::Repository documents;
  Manifest m;
  m.line = line;
  m.session_id = session_id;
  m.built_at = now;
  auto session = documents.session(sql, session_id);
  if (!session) return m;
  m.session_title = session->title;
  m.programme_title = session->programme_title;
  m.organiser_name = session->organiser_name;
  const std::string funder_label = catalogue_.t("fr", "enrolments.funders." + line.funder);
  m.archive_name = docs::pdf_file_name({"dossier", funder_label, line.trainee_name});
  if (m.archive_name.size() > 4) m.archive_name = m.archive_name.substr(0, m.archive_name.size() - 4) + ".zip";

  auto missing = [&m](const std::string& part, const std::string& detail = {}) {
    m.missing.push_back(Missing{part, detail});
  };
  const long long app = line.application_id;

  // 01 quote(s)
  std::size_t before = m.entries.size();
  add_stored(m, "quote", quotes::files_for(sql, app));
  if (m.entries.size() == before) missing("quote");

  // 02 the programme, generated now
  {
    Entry e;
    e.part = "programme";
    e.name = prefix_of("programme") + docs::pdf_file_name({"programme", session->programme_title});
    e.created_at = now;
    if (with_programme) {
      programmes::Repository programmes_repo;
      auto programme = programmes_repo.programme(sql, session->programme_id);
      if (programme) {
        auto modules = programmes_repo.modules(sql, session->programme_id);
        long long minutes = 0;
        for (const auto& h : documents.halfdays(sql, session_id)) minutes += h.minutes;
        ProgrammeInput in{*programme, modules, *session, minutes, {}, now};
        if (auto legal = legal::of_organisation(sql, session->organiser_id))
          in.legal_lines = legal::document_lines(*legal);
        e.data = render_programme_pdf(catalogue_, "fr", in);
        e.sha256 = web::sha256_hex(e.data);
        e.size = static_cast<long long>(e.data.size());
      }
    }
    m.entries.push_back(std::move(e));
  }

  // 03 agreement or contract
  before = m.entries.size();
  add_stored(m, "agreement", agreements::files_for(sql, app));
  if (m.entries.size() == before) missing("agreement");

  // 04 convocation
  if (auto d = documents.latest_of_kind(sql, app, "convocation"))
    m.entries.push_back(stored_document("convocation", docs::pdf_file_name({"convocation", line.trainee_name}), *d));
  else missing("convocation");

  // 05 the attendance sheets of the session's half-days (the newest version of each)
  auto sheets = documents.latest_sheets(sql, session_id);
  bool any_sheet = false, any_missing = false;
  for (const auto& h : documents.halfdays(sql, session_id)) {
    const std::string period = catalogue_.t("fr", "funder_files.periods." + h.period);
    auto it = sheets.find(h.id);
    if (it != sheets.end()) {
      m.entries.push_back(
          stored_document("attendance", docs::pdf_file_name({"emargement", h.day, period}), it->second));
      any_sheet = true;
    } else if (h.ends_at <= now) {
      missing("attendance", sheet_date(h) + " (" + period + ")");
      any_missing = true;
    }
  }
  if (!any_sheet && !any_missing) missing("attendance");

  // 06 certificate of completion
  if (auto d = documents.latest_of_kind(sql, app, "certificate"))
    m.entries.push_back(
        stored_document("certificate", docs::pdf_file_name({"certificat de realisation", line.trainee_name}), *d));
  else missing("certificate");

  // 07 invoice(s) billed to this funder
  before = m.entries.size();
  add_stored(m, "invoice", invoices::files_for(sql, app, line.funder));
  if (m.entries.size() == before) missing("invoice");

  // Names are unique inside an archive: a second "x.pdf" becomes "x-2.pdf".
  std::set<std::string> seen;
  for (auto& e : m.entries) {
    std::string name = e.name;
    for (int n = 2; seen.count(name) > 0; ++n) {
      auto dot = e.name.rfind('.');
      name = dot == std::string::npos ? e.name + "-" + std::to_string(n)
                                      : e.name.substr(0, dot) + "-" + std::to_string(n) + e.name.substr(dot);
    }
    seen.insert(name);
    e.name = name;
  }
  return m;
}

std::vector<FunderLine> Service::pairs(soci::session& sql, long long session_id) {
  auto out = repo_.lines(sql, session_id);
  for (const auto& t : repo_.trainees(sql, session_id)) {
    for (const char* payer : {"employer", "self"}) {
      bool known = std::any_of(out.begin(), out.end(), [&](const FunderLine& l) {
        return l.application_id == t.application_id && l.funder == payer;
      });
      if (known || invoices::files_for(sql, t.application_id, payer).empty()) continue;
      FunderLine l = t;
      l.funder = payer;  // billed the rest of the price without a funding line: line_status stays ""
      out.push_back(l);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const FunderLine& a, const FunderLine& b) {
    if (a.trainee_name != b.trainee_name) return a.trainee_name < b.trainee_name;
    if (a.application_id != b.application_id) return a.application_id < b.application_id;
    return a.funder < b.funder;
  });
  return out;
}

std::vector<Manifest> Service::overview(long long session_id, long long page, long long& total) {
  const long long now = store::now_seconds();
  return db_.read([&](soci::session& sql) {
    auto lines = pairs(sql, session_id);
    total = static_cast<long long>(lines.size());
    std::vector<Manifest> out;
    const long long from = std::max<long long>(0, (page - 1) * kPerPage);
    for (long long i = from; i < total && i < from + kPerPage; ++i) {
      auto m = build(sql, session_id, lines[static_cast<std::size_t>(i)], false, now);
      for (auto& e : m.entries) e.data.clear();
      out.push_back(std::move(m));
    }
    return out;
  });
}

std::optional<Manifest> Service::manifest(const Principal& me, long long session_id, long long application_id,
                                          const std::string& funder) {
  const long long now = store::now_seconds();
  return db_.read([&](soci::session& sql) -> std::optional<Manifest> {
    auto a = programmes::session_access(sql, &me, session_id);
    if (!a || !a->manager) return std::nullopt;
    for (const auto& line : pairs(sql, session_id))
      if (line.application_id == application_id && line.funder == funder)
        return build(sql, session_id, line, true, now);
    return std::nullopt;
  });
}

std::string Service::bytes_of(const Entry& entry) {
  if (entry.document_id == 0) return entry.data;
  return db_.read([&](soci::session& sql) {
    training_documents::Repository documents;
    auto d = documents.find(sql, entry.document_id);
    return d ? d->data : std::string();
  });
}

std::string Service::missing_text(const Missing& m) const {
  std::string what = catalogue_.t("fr", "funder_files.missing_parts." + m.part);
  if (!m.detail.empty()) what = catalogue_.t("fr", "funder_files.missing_sheet", {{"date", m.detail}});
  return catalogue_.t("fr", "funder_files.missing", {{"what", what}});
}

std::string Service::summary(const Manifest& m) const {
  auto t = [this](const std::string& key, const web::Params& p = {}) {
    return catalogue_.t("fr", "funder_files.summary." + key, p);
  };
  const auto& l = m.line;
  std::string funder = catalogue_.t("fr", "enrolments.funders." + l.funder);
  if (!l.funder_name.empty()) funder += " (" + l.funder_name + ")";
  std::string out;
  out += t("title", {{"funder", funder}}) + "\r\n\r\n";
  out += t("trainee", {{"name", l.trainee_name}}) + "\r\n";
  out += t("training", {{"programme", m.programme_title}, {"session", m.session_title}}) + "\r\n";
  out += t("organiser", {{"name", m.organiser_name}}) + "\r\n";
  if (l.line_status.empty()) out += t("no_line") + "\r\n";
  else
    out += t("funding",
             {{"amount", enrolments::format_euros(l.amount_cents)}, {"due", enrolments::format_euros(l.due_cents)}}) +
           "\r\n";
  out += t("built", {{"date", format_local(m.built_at, "%d/%m/%Y %H:%M")}}) + "\r\n\r\n";
  out += t("files", {{"count", std::to_string(m.entries.size())}}) + "\r\n";
  for (const auto& e : m.entries)
    out += "  " + e.name + "\r\n    SHA-256 : " + e.sha256 + "\r\n    " +
           t("size", {{"bytes", std::to_string(e.size)}}) + "\r\n";
  out += "\r\n";
  if (m.missing.empty()) out += t("complete") + "\r\n";
  else {
    out += t("missing_title", {{"count", std::to_string(m.missing.size())}}) + "\r\n";
    for (const auto& x : m.missing) out += "  " + missing_text(x) + "\r\n";
  }
  return out;
}

void Service::record_download(const Actor& actor, const Manifest& m) {
  audit_.record(actor, "funder_file.downloaded", "application:" + std::to_string(m.line.application_id),
                m.line.funder + " — " + std::to_string(m.entries.size()) + " pièces, " +
                    std::to_string(m.missing.size()) + " manquantes");
}

// The funders' files are built from other modules' data when asked: no demo rows of their own.
void Service::load_demo(const Actor&) {}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::funder_files
