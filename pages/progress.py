from studylab import ui, ui_quiz

page = ui.start_page(__file__)
store, questions, learner = ui_quiz.setup(page, "Progress")
if learner:
    ui_quiz.progress_page(store, learner, questions)
