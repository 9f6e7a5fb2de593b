module loket

go 1.26
