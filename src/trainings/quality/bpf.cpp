#include "trainings/quality/bpf.hpp"

namespace trame::quality::bpf {

const std::vector<std::string>& trainee_lines() {
  static const std::vector<std::string> v = {"private_employees", "apprentices", "jobseekers", "individuals", "others"};
  return v;
}

const std::vector<std::string>& product_lines() {
  static const std::vector<std::string> v = {"c1", "c2h", "c2e", "c3", "c5", "c6", "c7", "c8", "c9", "c11"};
  return v;
}

bool public_employer(const std::string& employer_type) {
  return employer_type == "local_authority" || employer_type == "public_cultural" || employer_type == "state";
}

std::string trainee_line(const std::string& status, const std::string& employer_type, const std::string& nature,
                         const std::string& main_funder) {
  if (status == "jobseeker") return "jobseekers";
  if (status == "employee") {
    // A public employer's employee is an « autre stagiaire »; so is an employee without an employer.
    if (public_employer(employer_type) || employer_type == "none" || employer_type.empty()) return "others";
    return nature == "apprentissage" ? "apprentices" : "private_employees";
  }
  if (status == "local_agent") return "others";
  // Volunteers, board members, independents and unknown statuses: paying themselves, or « autres ».
  if (main_funder == "self") return "individuals";
  return "others";
}

std::string product_line(const std::string& funder, const std::string& employer_type) {
  if (funder == "employer") return public_employer(employer_type) ? "c3" : "c1";
  if (funder == "opco") return "c2h";
  if (funder == "cpf") return "c2e";
  if (funder == "region") return "c6";
  if (funder == "france_travail") return "c7";
  if (funder == "departement") return "c8";
  if (funder == "self") return "c9";
  return "c11";
}

}  // namespace trame::quality::bpf
