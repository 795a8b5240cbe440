from studylab.study import face as ui_quiz
from studylab.ui import site as ui

page = ui.start_page(__file__)
store, questions, learner = ui_quiz.setup(page, "Quiz")
if learner:
    ui_quiz.quiz_page(store, learner, questions)
    ui_quiz.decks_panel(store, learner, questions)
