// The printable attendance sheet of a half-day (PDF): organiser, programme, session, date and hours,
// place, trainers; one row per trainee with their status and how it was recorded; the countersignature
// and the corrections made after locking.
#pragma once
#include <string>
#include <vector>

#include "trainings/attendance/model.hpp"

namespace trame::web {
class Catalogue;
}

namespace trame::attendance {

std::string render_sheet_pdf(const web::Catalogue& catalogue, const std::string& locale, const SessionInfo& session,
                             const Halfday& halfday, const std::vector<Line>& lines,
                             const std::vector<Correction>& corrections);

// "emargement-2027-03-15-matin.pdf"
std::string sheet_file_name(const Halfday& halfday);

}  // namespace trame::attendance
