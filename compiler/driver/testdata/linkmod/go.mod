module example.com/linkmod

go 1.19
