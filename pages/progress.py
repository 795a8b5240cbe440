from studylab.study import face, progress_face
from studylab.ui import site

page = site.start_page(__file__)
store, questions, learner = face.setup(page, "Progress")
if learner:
    progress_face.progress_page(store, learner, questions)
