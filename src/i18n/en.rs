//! English texts: plain words for residents, not the standard's jargon.

use qingshui_core::advice::Use;
use qingshui_core::quality::{Level, Parameter, WaterBody};

use super::Key;

pub(super) fn text(key: Key) -> &'static str {
    match key {
        Key::AppName => "Qingshui",
        Key::NearbyHeading => "Water quality near you",
        Key::WhyLocation => "Qingshui uses your location to find the nearest water monitoring stations. Only a coarse area of about 1 km leaves your phone; the precise position is used on the phone only, to sort the list.",
        Key::LocateButton => "Use my location",
        Key::ManualHeading => "Or choose a district, or search for a station by name",
        Key::DistrictLabel => "District or county",
        Key::DistrictPlaceholder => "Choose a district…",
        Key::SearchLabel => "Station name",
        Key::SearchPlaceholder => "e.g. Cuntan",
        Key::SearchButton => "Search",
        Key::Retry => "Try again",
        Key::StatusIdle => "Use your location, or choose a district below, to see the water quality nearby.",
        Key::StatusLocating => "Finding your location…",
        Key::StatusLoading => "Loading water status…",
        Key::StatusSearching => "Searching…",
        Key::StatusEmpty => "No monitoring stations found nearby. Choose another district or search by name.",
        Key::SearchEmpty => "No station matches that name.",
        Key::StatusOffline => "You are offline. Connect to the internet and try again.",
        Key::StatusTimeout => "The water-data server took too long to answer. Please try again.",
        Key::StatusServer => "The water-data server had a problem. Please try again later.",
        Key::StatusBadAnswer => "The water-data server sent data Qingshui cannot read. Please try again later.",
        Key::StatusNetwork => "Cannot reach the water-data server. Check your connection and try again.",
        Key::LocDenied => "Location permission was not given. Choose your district or search for a station below.",
        Key::LocUnavailable => "Your location could not be found. Choose your district or search for a station below.",
        Key::LocTimeout => "Finding your location took too long. Try again, or choose your district below.",
        Key::LocUnsupported => "This browser cannot provide your location. Choose your district or search below.",
        Key::BackToList => "Back to nearby stations",
        Key::StationHeading => "Monitoring station",
        Key::StationLoading => "Loading station…",
        Key::StationNotFound => "This station was not found. It may have been removed.",
        Key::Target => "Water-quality target",
        Key::TargetMet => "met",
        Key::TargetNotMet => "not met",
        Key::NoTarget => "No target set",
        Key::Measured => "Measured items",
        Key::DecidingHeading => "What decides the class",
        Key::Advice => "What the water is fit for",
        Key::Suitable => "Suitable",
        Key::Unsuitable => "Not suitable",
        Key::AvoidContact => "Avoid contact with this water.",
        Key::DataTime => "Data time",
        Key::DataSource => "Data source",
        Key::NoRecentData => "No recent data",
        Key::NoRecentExplain => "This station has no recent readings, so no class is shown: an old class may no longer be true.",
        Key::NoData => "No data yet",
        Key::Missing => "Not measured recently: ",
        Key::TrendHeading => "Last 7 days",
        Key::NotAssessed => "Not assessed",
        Key::Rising => "rising",
        Key::Falling => "falling",
        Key::Steady => "steady",
        Key::WorseThanVNote => "worse than class V",
        Key::NotFoundTitle => "Page not found",
        Key::NotFoundBody => "There is no page at this address.",
        Key::GoHome => "Go to the home page",
        Key::Hotline => "Seen water pollution? Call the 12345 citizen hotline.",
        Key::OtherLangName => "中文",
        Key::ReportLink => "Report a water problem",
        Key::MyReportsLink => "My reports",
        Key::ReportHere => "Report a problem here",
        Key::ReportHeading => "Report a water problem",
        Key::ReportIntro => "Tell the city's water department what you saw. It takes about a minute.",
        Key::EmergencyHeading => "Danger to people or buildings? Call first:",
        Key::EmergencyFire => "119 Fire and rescue",
        Key::EmergencyHotline => "12345 Citizen hotline",
        Key::StepCategory => "1. What kind of problem?",
        Key::CategorySearchLabel => "Search the categories",
        Key::CategorySearchPlaceholder => "e.g. smell, fish, pipe",
        Key::CategoriesLoading => "Loading the categories…",
        Key::CategoriesEmpty => "No category matches. Choose “Other”.",
        Key::RequiredMark => " (required)",
        Key::ChooseOption => "Choose…",
        Key::StepWhere => "2. Where?",
        Key::WhereHere => "Use my location",
        Key::WhereStation => "At the monitoring station I came from",
        Key::WhereAddress => "Type an address or landmark",
        Key::LocateNow => "Find my location",
        Key::LocatingNow => "Finding your location…",
        Key::AddressLabel => "Address or landmark",
        Key::AddressPlaceholder => "e.g. Chaotianmen Square, north steps",
        Key::StepWhat => "3. What did you see?",
        Key::DescriptionLabel => "Describe the problem",
        Key::DescriptionHint => "What, since when, how big. Do not include personal details.",
        Key::StepContact => "4. Contact details (optional)",
        Key::ContactAnonymous => "Your report is anonymous unless you add contact details.",
        Key::ContactCheckbox => "Add my contact details so the water department can ask me questions",
        Key::ContactPrivacy => "Only the city's water department sees your contact details; they are never published.",
        Key::NameLabel => "Name",
        Key::EmailLabel => "Email",
        Key::PhoneLabel => "Phone",
        Key::StepReview => "5. Check and send",
        Key::ReviewCategory => "Category",
        Key::ReviewPlace => "Place",
        Key::ReviewDescription => "Description",
        Key::ReviewContact => "Contact",
        Key::ReviewAnonymous => "Anonymous",
        Key::ReviewEmpty => "(not given)",
        Key::Submit => "Send report",
        Key::Sending => "Sending…",
        Key::FixErrors => "Please correct the marked fields, then send again.",
        Key::ErrRequired => "Please answer this.",
        Key::ErrChooseCategory => "Please choose a category.",
        Key::ErrNoLocation => "Please find your location, choose the station, or type an address.",
        Key::ErrTooLong => "The description can be at most 4000 characters.",
        Key::ErrNoContact => "Give an email or a phone number, or untick contact details.",
        Key::ErrBadEmail => "This does not look like an email address.",
        Key::ErrBadPhone => "This does not look like a phone number.",
        Key::ErrBadNumber => "Please enter a number.",
        Key::ErrNotOffered => "Please choose from the list.",
        Key::SendOffline => "You are offline. Your report is kept on this phone; send it again when you are online.",
        Key::SendTimeout => "The server took too long. Your report is kept on this phone; send it again (it will not be filed twice).",
        Key::SendFailed => "The report could not be sent. It is kept on this phone; please try again later.",
        Key::SendRejected => "The server did not accept the report:",
        Key::SentHeading => "Report sent",
        Key::SentThanks => "Thank you. The city's water department will look into it.",
        Key::SeeMyReports => "See my reports",
        Key::NewReport => "Report another problem",
        Key::MyReportsHeading => "My reports",
        Key::MyReportsIntro => "Reports sent from this phone. Only their numbers are kept here, never contact details.",
        Key::MyReportsEmpty => "You have not sent any reports from this phone.",
        Key::MyReportsLoading => "Loading the status of your reports…",
        Key::StatusOpenText => "Open",
        Key::StatusClosedText => "Closed",
        Key::OverdueText => "Overdue",
        Key::FiledLabel => "Filed",
        Key::DueLabel => "Response due by",
        Key::NotesLabel => "Note from the water department",
        Key::ReportLocFailed => "Your location could not be found. Please type an address or landmark instead.",
        Key::ReportMissing => "This report was not found on the server.",
        Key::SimilarHeading => "Already reported nearby",
        Key::SimilarIntro => "Is your problem one of these? Follow it instead of sending it again: you will see what the water department does about it.",
        Key::FollowReport => "Follow this report",
        Key::FollowingReport => "Followed: it is in My reports",
        Key::RequestLoading => "Loading the report…",
        Key::UpdatedLabel => "Last updated",
        Key::PhotoAlt => "Photo sent with the report",
        Key::FollowedMark => "Followed (sent by someone else)",
    }
}

pub(super) fn parameter(p: Parameter) -> &'static str {
    match p {
        Parameter::Ph => "pH",
        Parameter::DissolvedOxygen => "dissolved oxygen",
        Parameter::PermanganateIndex => "permanganate index",
        Parameter::Cod => "chemical oxygen demand",
        Parameter::Bod5 => "5-day biochemical oxygen demand",
        Parameter::AmmoniaNitrogen => "ammonia nitrogen",
        Parameter::TotalPhosphorus => "total phosphorus",
        Parameter::TotalNitrogen => "total nitrogen",
    }
}

pub(super) fn level(l: Level) -> &'static str {
    match l {
        Level::Excellent => "Excellent",
        Level::Good => "Good",
        Level::LightlyPolluted => "Lightly polluted",
        Level::ModeratelyPolluted => "Moderately polluted",
        Level::HeavilyPolluted => "Heavily polluted",
    }
}

pub(super) fn water_use(u: Use) -> &'static str {
    match u {
        Use::DrinkingWaterSource => "drinking-water source (after treatment)",
        Use::Swimming => "swimming",
        Use::Fishing => "fishing and fish farming",
        Use::NonContactRecreation => {
            "boating, walks and other recreation without touching the water"
        }
    }
}

pub(super) fn water_body(b: WaterBody) -> &'static str {
    match b {
        WaterBody::River => "river",
        WaterBody::Lake => "lake",
        WaterBody::Reservoir => "reservoir",
    }
}

pub(super) fn water_use_short(u: Use) -> &'static str {
    match u {
        Use::DrinkingWaterSource => "drinking-water source",
        Use::Swimming => "swimming",
        Use::Fishing => "fishing",
        Use::NonContactRecreation => "boating and walks",
    }
}
