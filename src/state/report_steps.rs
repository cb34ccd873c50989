//! Elder mode's report form, one step per screen (MIIT 适老化: one task per screen): which step
//! is shown, where "Next" and "Back" lead, and which step a marked field belongs to. Standard
//! and lite modes show every step on one page and never use this.

use super::report::Field;

/// The form's steps, in the order the page shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Step {
    /// The category and its questions.
    #[default]
    What,
    /// The place (and similar reports nearby).
    Where,
    /// What the resident saw.
    Details,
    /// Photos (optional).
    Photos,
    /// Contact details (optional).
    Contact,
    /// Check and send.
    Review,
}

impl Step {
    /// Every step in order.
    pub const ALL: [Step; 6] = [
        Step::What,
        Step::Where,
        Step::Details,
        Step::Photos,
        Step::Contact,
        Step::Review,
    ];

    /// Its position, counted from 1 as the resident reads it ("Step 2 of 6").
    pub fn number(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    /// The step whose screen holds `field`, so a marked field can be shown to the resident.
    pub fn of(field: &Field) -> Step {
        match field {
            Field::Service | Field::Attribute(_) => Step::What,
            Field::Location => Step::Where,
            Field::Description => Step::Details,
            Field::Contact | Field::Name | Field::Email | Field::Phone => Step::Contact,
        }
    }
}

/// The step on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Steps {
    current: Step,
}

impl Steps {
    /// The step shown.
    pub fn current(self) -> Step {
        self.current
    }

    /// How many steps there are.
    pub fn total(self) -> usize {
        Step::ALL.len()
    }

    /// Whether this is the first step (no "Back").
    pub fn is_first(self) -> bool {
        self.current == Step::ALL[0]
    }

    /// Whether this is the last step (send instead of "Next").
    pub fn is_last(self) -> bool {
        self.current == Step::ALL[Step::ALL.len() - 1]
    }

    /// "Next" with the form's current `problems`: moves on when none belongs to the step on
    /// screen, else stays and returns the first such field, to be shown and focused. Problems of
    /// later steps do not block: the resident has not reached them yet.
    pub fn next<'a>(
        &mut self,
        problems: impl IntoIterator<Item = &'a Field>,
    ) -> Result<Step, Field> {
        if let Some(f) = problems.into_iter().find(|f| Step::of(f) == self.current) {
            return Err(f.clone());
        }
        let i = self.current.number();
        self.current = Step::ALL.get(i).copied().unwrap_or(self.current);
        Ok(self.current)
    }

    /// "Back": the step before, never past the first; nothing typed is lost.
    pub fn back(&mut self) -> Step {
        let i = self.current.number() - 1;
        self.current = Step::ALL[i.saturating_sub(1)];
        self.current
    }

    /// Shows the step holding `field` (sending found it unfinished).
    pub fn show(&mut self, field: &Field) -> Step {
        self.current = Step::of(field);
        self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_walks_every_step_then_stays_on_review() {
        let mut s = Steps::default();
        assert!(s.is_first());
        assert_eq!(s.current().number(), 1);
        let mut seen = vec![s.current()];
        while !s.is_last() {
            seen.push(s.next(&[]).unwrap());
        }
        assert_eq!(seen, Step::ALL);
        assert_eq!(s.current().number(), s.total());
        assert_eq!(s.next(&[]), Ok(Step::Review));
        assert!(!s.is_first());
    }

    #[test]
    fn next_is_blocked_only_by_a_problem_of_the_step_on_screen() {
        let mut s = Steps::default();
        let problems = [Field::Location, Field::Attribute("depth".into())];
        assert_eq!(s.next(&problems), Err(Field::Attribute("depth".into())));
        assert_eq!(s.current(), Step::What);
        assert_eq!(s.next(&[Field::Location]), Ok(Step::Where));
        assert_eq!(
            s.next(&[Field::Location, Field::Email]),
            Err(Field::Location)
        );
        assert_eq!(s.current(), Step::Where);
        assert_eq!(s.next(&[Field::Email]), Ok(Step::Details));
        assert_eq!(s.next(&[Field::Email]), Ok(Step::Photos));
        assert_eq!(s.next(&[Field::Email]), Ok(Step::Contact));
        assert_eq!(s.next(&[Field::Phone, Field::Email]), Err(Field::Phone));
    }

    #[test]
    fn back_goes_one_step_and_stops_at_the_first() {
        let mut s = Steps::default();
        s.next(&[]).unwrap();
        s.next(&[]).unwrap();
        assert_eq!(s.back(), Step::Where);
        assert_eq!(s.back(), Step::What);
        assert_eq!(s.back(), Step::What);
        assert!(s.is_first());
    }

    #[test]
    fn a_marked_field_shows_its_own_step() {
        let mut s = Steps::default();
        for _ in 0..5 {
            s.next(&[]).unwrap();
        }
        assert_eq!(s.show(&Field::Description), Step::Details);
        assert_eq!(s.show(&Field::Name), Step::Contact);
        assert_eq!(s.show(&Field::Service), Step::What);
        assert_eq!(Step::of(&Field::Location).number(), 2);
        assert_eq!(Step::Review.number(), 6);
    }
}
