// QR codes (libqrencode) rendered as inline SVG: booking codes, certificate checks,
// second-factor enrolment. SVG scales on any screen and needs no image route.
#pragma once
#include <string>

namespace trame::docs {

// An <svg> element drawing text as a QR code, with a title for screen readers.
// Returns "" if the text cannot be encoded.
std::string qr_svg(const std::string& text, const std::string& title, int module_px = 4);

}  // namespace trame::docs
